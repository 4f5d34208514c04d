import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, paybyrd, v1OrderId } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/orders/{orderId}/cancel', () => {
  it('cancels the one order: the answer, /v1, its event and the Glomopay face all show it', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 2500, currency: 'EUR', orderRef: 'to-cancel', shopper: { firstName: 'Ana' } } });
    const res = await paybyrd(t, 'POST', `/api/v2/orders/${created.body.orderId}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId: created.body.orderId, status: 'canceled', orderRef: 'to-cancel', shopper: { firstName: 'Ana' }, code: 'BYRD200' });
    const id = v1OrderId(created.body.orderId);
    const v1 = await t.request('GET', `/v1/orders/${id}`);
    expect(v1.body).toMatchObject({ status: 'canceled', canceled_at: '2026-11-23T12:00:00.000Z' });
    const events = await t.request('GET', `/v1/events?object=${id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['order.canceled', 'order.created']);
    const glomo = await glomopay(t, 'GET', `/api/v1/orders/order_${id.slice(4)}`);
    expect(glomo.body.status).toBe('expired');
  });

  it('cancels an order made through /v1, and replays a retried Idempotency-Key', async () => {
    const created = await t.request('POST', '/v1/orders', { body: { amount: 100, currency: 'EUR' } });
    const uuid = (await paybyrd(t, 'GET', `/api/v2/orders/${created.body.id}`)).body.orderId;
    const headers = { 'idempotency-key': 'cancel-once' };
    const first = await paybyrd(t, 'POST', `/api/v2/orders/${uuid}/cancel`, { headers });
    const again = await paybyrd(t, 'POST', `/api/v2/orders/${uuid}/cancel`, { headers });
    expect(first.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});
