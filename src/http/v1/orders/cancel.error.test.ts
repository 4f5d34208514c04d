import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id/cancel refuses', () => {
  it('a second cancel (409) and leaves one event', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    await t.request('POST', `/v1/orders/${order.body.id}/cancel`);
    const again = await t.request('POST', `/v1/orders/${order.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid_state_transition' });
    expect((await t.request('GET', `/v1/events?object=${order.body.id}&type=order.canceled`)).body.data).toHaveLength(1);
  });

  it('an expired order (409)', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2026-11-23T12:30:00Z' }) });
    t.clock.advance(60 * 60_000);
    await runExpiry(t);
    const res = await t.request('POST', `/v1/orders/${order.body.id}/cancel`);
    expect(res.status).toBe(409);
    expect((await t.request('GET', `/v1/orders/${order.body.id}`)).body.status).toBe('expired');
  });

  it('an unknown reason (400) and a missing order (404)', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    const reason = await t.request('POST', `/v1/orders/${order.body.id}/cancel`, { body: { cancellation_reason: 'bored' } });
    expect(reason.status).toBe(400);
    expect(reason.body.errors[0]).toMatchObject({ path: '/cancellation_reason', code: 'not_allowed' });
    expect((await t.request('POST', '/v1/orders/ord_00000000000000000000000000/cancel')).status).toBe(404);
  });
});
