import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/orders/{orderId}/cancel refuses', () => {
  it('a second cancel and a paid order with 400 BYRD299, changing nothing', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'twice' } });
    await paybyrd(t, 'POST', `/api/v2/orders/${created.body.orderId}/cancel`);
    const twice = await paybyrd(t, 'POST', `/api/v2/orders/${created.body.orderId}/cancel`);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: 'BYRD299', description: 'Operation could not be completed. Please review your request and try again' });

    const { order, payment } = await orderWithPayment(t, { amount: 500, currency: 'BRL' });
    await pay(t, payment.id);
    const paid = await paybyrd(t, 'POST', `/api/v2/orders/${order.id}/cancel`);
    expect(paid.status).toBe(400);
    expect(paid.body.code).toBe('BYRD299');
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('paid');
  });

  it('an unknown order with 404 BYRD901', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders/0193a000-0000-7000-8000-000000000001/cancel');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('BYRD901');
  });
});
