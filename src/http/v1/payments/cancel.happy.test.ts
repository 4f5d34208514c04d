import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { eventTypes, getOrder, orderWithPayment } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/payments/:id/cancel', () => {
  it('cancels a pending payment and its sandbox charge; the order takes another', async () => {
    const { order, payment } = await orderWithPayment(t);
    const res = await t.request('POST', `/v1/payments/${payment.id}/cancel`, { headers: { 'idempotency-key': `cancel-${payment.id}` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: payment.id, status: 'canceled' });
    const retry = await t.request('POST', `/v1/payments/${payment.id}/cancel`, { headers: { 'idempotency-key': `cancel-${payment.id}` } });
    expect([retry.headers['idempotent-replayed'], retry.body]).toEqual(['true', res.body]);
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.canceled']);
    expect((await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } })).status).toBe(201);
  });

  it('cancels a processing payment, and the order goes back to open', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 3013 });
    expect((await getOrder(t, order.id)).status).toBe('processing');
    expect((await t.request('POST', `/v1/payments/${payment.id}/cancel`)).body.status).toBe('canceled');
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'open' });
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.updated', 'order.updated']);
  });

  it('a cancel and a payment of the same payment at the same moment, many times over: no deadlock, the money is recorded either way', async () => {
    for (let i = 0; i < 10; i++) {
      const { order, payment } = await orderWithPayment(t);
      const [cancel, paid] = await Promise.all([
        t.request('POST', `/v1/payments/${payment.id}/cancel`),
        t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`),
      ]);
      expect([200, 409]).toContain(cancel.status);
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      const after = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
      expect(after).toMatchObject({ status: 'succeeded', late: cancel.status === 200 });
      expect((await getOrder(t, order.id)).status).toBe('paid');
    }
  });
});
