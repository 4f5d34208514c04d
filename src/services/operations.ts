import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { domainCounts, type DomainCounts } from '../store/ops.sql.js';

export type { DomainCounts } from '../store/ops.sql.js';

/** The service's state for operators' dashboards (/metrics), read when scraped. */
export function readDomainCounts(db: Db, clock: Clock): Promise<DomainCounts> {
  return domainCounts(db, clock.now());
}
