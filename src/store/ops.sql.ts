import type { Queryable } from './db.js';

/** What the service holds, counted across every merchant: what /metrics reports on each scrape. */
export interface DomainCounts {
  ordersByStatus: Array<{ status: string; livemode: boolean; count: number }>;
  /** Events written and not yet fanned out to webhook deliveries, and the oldest one's age in seconds. */
  outbox: { count: number; oldestSeconds: number };
  webhookDeliveriesPending: number;
  idempotencyRecords: number;
}

export async function domainCounts(db: Queryable, now: Date): Promise<DomainCounts> {
  const orders = await db.query<{ status: string; livemode: boolean; count: string }>(
    `SELECT status, livemode, count(*) AS count FROM orders GROUP BY status, livemode`,
  );
  const [row] = await db.query<{ outbox: string; oldest: Date | null; deliveries: string; idempotency: string }>(
    `SELECT (SELECT count(*) FROM event_fanout_queue) AS outbox,
            (SELECT min(created_at) FROM event_fanout_queue) AS oldest,
            (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS deliveries,
            (SELECT count(*) FROM idempotency_keys) AS idempotency`,
  );
  return {
    ordersByStatus: orders.map((o) => ({ status: o.status, livemode: o.livemode, count: Number(o.count) })),
    outbox: { count: Number(row!.outbox), oldestSeconds: row!.oldest ? Math.max(0, (now.getTime() - row!.oldest.getTime()) / 1000) : 0 },
    webhookDeliveriesPending: Number(row!.deliveries),
    idempotencyRecords: Number(row!.idempotency),
  };
}
