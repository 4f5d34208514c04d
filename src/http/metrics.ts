import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../clock.js';
import { readDomainCounts, type DomainCounts } from '../services/operations.js';
import type { Db } from '../store/db.js';

/** Counts read within this long are reused: one scrape reads the store once, whatever its gauges. */
const DOMAIN_COUNTS_REUSE_MS = 1000;

/**
 * One registry per app instance, so several apps in one test process do not share counters. Given the
 * store, it also reports what the store holds (orders by status, the outbox's backlog, pending webhook
 * deliveries, Idempotency-Key records), read when scraped, and the pool and each statement's duration.
 */
export function createMetrics(store?: { db: Db; clock: Clock }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'payorders_' });
  const requests = new Counter({
    name: 'payorders_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'payorders_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'payorders_job_items_total',
    help: 'Items processed by background jobs',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  if (store) storeMetrics(registry, store.db, store.clock);
  return {
    registry,
    jobRuns,
    observe(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

function storeMetrics(registry: Registry, db: Db, clock: Clock) {
  const statements = new Histogram({
    name: 'payorders_db_statement_duration_seconds',
    help: 'Duration of each SQL statement, from the driver call to its rows',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  db.observeStatements((seconds) => statements.observe(seconds));
  new Gauge({
    name: 'payorders_db_pool_connections',
    help: `Database connections by state (total, idle) and requests waiting for one; ${db.kind === 'pglite' ? 'the embedded store has one' : 'the pool'}`,
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = db.pool();
      for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, pool[state]);
    },
  });
  const failures = new Counter({
    name: 'payorders_metrics_store_errors_total',
    help: 'Scrapes whose store counts could not be read (the gauges then keep their last values)',
    registers: [registry],
  });

  let read: { at: number; counts: Promise<DomainCounts | null> } | undefined;
  const counts = () => {
    const now = Date.now();
    if (!read || now - read.at > DOMAIN_COUNTS_REUSE_MS) {
      read = { at: now, counts: readDomainCounts(db, clock).catch(() => (failures.inc(), null)) };
    }
    return read.counts;
  };
  const gauge = (name: string, help: string, set: (gauge: Gauge, counts: DomainCounts) => void, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const current = await counts();
        if (current) set(this, current);
      },
    });
  gauge(
    'payorders_orders',
    'Orders by status and mode, every merchant',
    (g, c) => {
      g.reset();
      for (const o of c.ordersByStatus) g.set({ status: o.status, livemode: String(o.livemode) }, o.count);
    },
    ['status', 'livemode'],
  );
  gauge('payorders_outbox_backlog', 'Events written and not yet fanned out to webhook deliveries', (g, c) => g.set(c.outbox.count));
  gauge('payorders_outbox_oldest_seconds', 'Age of the oldest event not yet fanned out (0 when none)', (g, c) => g.set(c.outbox.oldestSeconds));
  gauge('payorders_webhook_deliveries_pending', 'Webhook deliveries not yet delivered or failed for good', (g, c) => g.set(c.webhookDeliveriesPending));
  gauge('payorders_idempotency_records', 'Idempotency-Key records kept (pruned after their retention)', (g, c) => g.set(c.idempotencyRecords));
}
