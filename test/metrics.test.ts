import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMetrics } from '../src/http/ops/metrics.js';
import { createMetrics } from '../src/http/metrics.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';

/** /metrics: the domain gauges read from the store, and the two ways to keep it from strangers. */

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics on the API port', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports orders by status and mode, the outbox backlog, pending deliveries, Idempotency-Key records, the pool and statement timings', async () => {
    const scrape = async () => (await t.request('GET', '/metrics', { token: null })).body as string;
    const before = await scrape();
    const open = value(before, 'payorders_orders{status="open",livemode="false"}') ?? 0;
    const records = value(before, 'payorders_idempotency_records')!;
    const backlog = value(before, 'payorders_outbox_backlog')!;
    const statements = value(before, 'payorders_db_statement_duration_seconds_count')!;

    const created = [];
    for (let i = 0; i < 3; i++) created.push((await t.request('POST', '/v1/orders', { body: orderBody(), headers: { 'idempotency-key': `metrics-${i}` } })).body);
    await t.request('POST', `/v1/orders/${created[0].id}/cancel`);
    await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody() });
    // Counts read within a second are reused by a scrape's gauges.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const after = await scrape();
    expect(value(after, 'payorders_orders{status="open",livemode="false"}')).toBe(open + 2);
    expect(value(after, 'payorders_orders{status="canceled",livemode="false"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'payorders_orders{status="open",livemode="true"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'payorders_idempotency_records')).toBe(records + 3);
    // No fan-out job runs in this app: every event written waits in the outbox.
    expect(value(after, 'payorders_outbox_backlog')).toBeGreaterThanOrEqual(backlog + 5);
    expect(value(after, 'payorders_outbox_oldest_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(after, 'payorders_webhook_deliveries_pending')).toBe(0);
    expect(value(after, 'payorders_db_statement_duration_seconds_count')).toBeGreaterThan(statements);
    expect(value(after, 'payorders_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'payorders_db_pool_connections{state="waiting"}')).toBe(0);
    expect(value(after, 'payorders_metrics_store_errors_total')).toBe(0);
  });
});

describe('PAYORDERS_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ metrics: { port: undefined, host: '127.0.0.1', token: 'scrape-s3cret' } });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token or with another, and answers one with it', async () => {
    expectProblem(await t.request('GET', '/metrics', { token: null }), 401, 'authentication_required');
    expectProblem(await t.request('GET', '/metrics', { token: 'scrape-s3cre' }), 401, 'authentication_required');
    expectProblem(await t.request('GET', '/metrics', { token: t.merchant.token }), 401, 'authentication_required');
    const ok = await t.request('GET', '/metrics', { token: 'scrape-s3cret' });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('payorders_orders');
  });
});

describe('PAYORDERS_METRICS_PORT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ metrics: { port: 0, host: '127.0.0.1', token: undefined } });
  });
  afterAll(() => t.close());

  it('serves /metrics on its own listener and not on the API port', async () => {
    const listener = (await serveMetrics(t.services.config, createMetrics(t.services)))!;
    try {
      expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(listener.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('payorders_idempotency_records');
      expect((await fetch(listener.url.replace('/metrics', '/v1/orders'))).status).toBe(404);
    } finally {
      await listener.close();
    }
    // Not a route on the API port: like any unknown path, it needs credentials, and then is not found.
    expect((await t.request('GET', '/metrics', { token: null })).status).toBe(401);
    expect((await t.request('GET', '/metrics')).status).toBe(404);
  });
});
