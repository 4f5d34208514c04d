import type { Clock } from '../clock.js';
import { uuidv7 } from '../domain/ids.js';
import { activePublishableKey, insertPublishableKey, type PublishableKey } from '../store/cards.sql.js';
import type { Queryable } from '../store/db.js';
import { newPublishableKey } from './credentials.js';

/**
 * The merchant's publishable key for the mode (pk_test_…/pk_live_…), made with its first secret key and
 * kept: pages embed it, so it does not change when a secret key is rolled. Good for POST /v1/tokens only.
 */
export async function publishableKeyFor(db: Queryable, clock: Clock, merchantId: string, livemode: boolean): Promise<PublishableKey> {
  const existing = await activePublishableKey(db, merchantId, livemode);
  if (existing) return existing;
  const now = clock.now();
  const key: PublishableKey = { merchantId, keyId: uuidv7(now.getTime()), livemode, key: newPublishableKey(merchantId, livemode), createdAt: now, revokedAt: null };
  await insertPublishableKey(db, key);
  return key;
}
