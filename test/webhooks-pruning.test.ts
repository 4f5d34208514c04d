import { describe, expect, it } from 'vitest';
import { webhookJobs } from '../src/jobs/webhooks.js';
import { orderBody } from './helpers.js';
import { createEndpoint, deliverWebhooks, deliveryDeps, status, webhookTest } from './webhooks.js';

/** Finished deliveries and old events go after their retention, in bounded batches; nothing a delivery still needs goes. */

const DAY = 86_400_000;
const { t, receiver } = await webhookTest();
t.services.config.webhooks.deliveryRetentionDays = 30;
t.services.config.webhooks.eventRetentionDays = 7;

/** Runs the pruning job in batches of `batch` until it has nothing left; returns each pass's count. */
async function prune(batch: number): Promise<number[]> {
  const job = webhookJobs(t.db, t.services.config, deliveryDeps(t)).find((j) => j.name === 'prune-webhooks')!;
  const passes: number[] = [];
  for (let n; (n = await job.run(batch)) > 0; ) passes.push(n);
  return passes;
}

const count = async (sql: string) => Number((await t.db.query<{ n: string }>(sql))[0]!.n);

describe('pruning', () => {
  it('drops delivered records after 30 days and then their events, keeps what is still queued, in batches', async () => {
    const merchant = await t.newMerchant();
    const fine = await createEndpoint(t, `${receiver.url}?fine`, { enabled_events: ['order.created'] }, merchant.token);
    const down = await createEndpoint(t, `${receiver.url}?down`, { enabled_events: ['order.canceled'] }, merchant.token);
    receiver.respond((req, res) => (req.url.endsWith('down') ? status(410)(req, res) : res.end('ok')));
    for (let i = 0; i < 5; i++) await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: `p${i}` }) });
    const canceled = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() })).body;
    await t.request('POST', `/v1/orders/${canceled.id}/cancel`, { token: merchant.token, body: {} });
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    const events = await count(`SELECT count(*)::text AS n FROM events`);
    expect(events).toBeGreaterThanOrEqual(8);

    t.clock.advance(8 * DAY);
    // The customer event had no delivery: it goes once it is 7 days old; the delivered ones wait for their records.
    await prune(1000);
    expect((await t.request('GET', '/v1/events?type=customer.*', { token: merchant.token })).body.data).toEqual([]);
    expect((await t.request('GET', '/v1/events?type=order.created', { token: merchant.token })).body.data).toHaveLength(6);

    t.clock.advance(23 * DAY);
    const passes = await prune(2);
    expect(passes.slice(0, 3)).toEqual([2, 2, 2]);
    expect((await t.request('GET', `/v1/webhook_endpoints/${fine.id}/deliveries`, { token: merchant.token })).body.data).toEqual([]);
    expect((await t.request('GET', '/v1/events?type=order.created', { token: merchant.token })).body.data).toEqual([]);
    // The endpoint that answered 410 is disabled: its delivery is still queued, and so its event is kept.
    expect((await t.request('GET', `/v1/webhook_endpoints/${down.id}/deliveries`, { token: merchant.token })).body.data).toEqual([
      expect.objectContaining({ status: 'pending', event_type: 'order.canceled' }),
    ]);
    expect((await t.request('GET', '/v1/events?type=order.canceled', { token: merchant.token })).body.data).toHaveLength(1);
  });

  it('keeps events when PAYORDERS_EVENT_RETENTION_DAYS is 0 (the default): they are the audit trail too', async () => {
    t.services.config.webhooks.eventRetentionDays = 0;
    const merchant = await t.newMerchant();
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    t.clock.advance(400 * DAY);
    await prune(1000);
    expect((await t.request('GET', '/v1/events', { token: merchant.token })).body.data).toHaveLength(1);
  });
});
