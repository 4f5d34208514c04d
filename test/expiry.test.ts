import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the expiry sweeper', () => {
  it('expires open orders once their expires_at passes, once each, with an order.expired event', async () => {
    const soon = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2026-11-23T12:10:00Z' }) });
    const later = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2026-11-23T13:00:00Z' }) });
    const defaultExpiry = await t.request('POST', '/v1/orders', { body: orderBody() });
    const canceled = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2026-11-23T12:10:00Z' }) });
    await t.request('POST', `/v1/orders/${canceled.body.id}/cancel`);

    t.clock.advance(9 * 60_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/orders/${soon.body.id}`)).body.status).toBe('open');

    t.clock.advance(60_000);
    await runExpiry(t);
    const expired = await t.request('GET', `/v1/orders/${soon.body.id}`);
    expect(expired.body).toMatchObject({ status: 'expired', expired_at: '2026-11-23T12:10:00.000Z' });
    expect((await t.request('GET', `/v1/orders/${later.body.id}`)).body.status).toBe('open');
    expect((await t.request('GET', `/v1/orders/${canceled.body.id}`)).body.status).toBe('canceled');

    await runExpiry(t);
    const events = await t.request('GET', `/v1/events?type=order.expired&limit=100`);
    expect(events.body.data.map((e: any) => e.data.object.id)).toEqual([soon.body.id]);
    expect(events.body.data[0].data.object).toEqual(expired.body);

    t.clock.advance(24 * 60 * 60_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/orders/${defaultExpiry.body.id}`)).body.status).toBe('expired');
    expect((await t.request('GET', '/v1/events?type=order.expired&limit=100')).body.data).toHaveLength(3);
  });

  it('works through more due orders than one batch holds', async () => {
    const other = await t.newMerchant();
    const due = new Date(t.clock.now().getTime() + 60_000).toISOString();
    await Promise.all(
      Array.from({ length: 520 }, () => t.request('POST', '/v1/orders', { token: other.token, body: orderBody({ expires_at: due }) })),
    );
    t.clock.advance(120_000);
    const totals = await runExpiry(t);
    expect(totals['expire-orders']).toBe(520);
    const open = await t.request('GET', '/v1/orders?status=open&limit=1', { token: other.token });
    expect(open.body.data).toHaveLength(0);
  });
});
