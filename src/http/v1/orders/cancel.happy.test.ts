import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id/cancel', () => {
  it('cancels an open order, with or without a reason, and records order.canceled', async () => {
    const a = await t.request('POST', '/v1/orders', { body: orderBody() });
    t.clock.advance(5000);
    const canceled = await t.request('POST', `/v1/orders/${a.body.id}/cancel`, { body: { cancellation_reason: 'requested_by_customer' } });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
      canceled_at: '2026-11-23T12:00:05.000Z',
      amount_due: 29700,
    });
    const events = await t.request('GET', `/v1/events?object=${a.body.id}&type=order.canceled`);
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].data.object.status).toBe('canceled');

    const b = await t.request('POST', '/v1/orders', { body: orderBody() });
    const noBody = await t.request('POST', `/v1/orders/${b.body.id}/cancel`);
    expect(noBody.body).toMatchObject({ status: 'canceled', cancellation_reason: null });
  });

  it('replays a retried cancel with the same Idempotency-Key instead of failing it', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    const headers = { 'idempotency-key': `cancel-${order.body.id}` };
    const first = await t.request('POST', `/v1/orders/${order.body.id}/cancel`, { headers });
    const retry = await t.request('POST', `/v1/orders/${order.body.id}/cancel`, { headers });
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });
});
