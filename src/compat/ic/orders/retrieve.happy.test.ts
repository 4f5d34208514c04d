import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { orderBody } from '../../../../test/helpers.js';
import { pay } from '../../../../test/payments.js';
import { icApp, newOrder, paymentOf } from '../fixture.js';

const { t, ic } = await icApp();

describe('GET /api/v1/payment/order/{orderId} (IC)', () => {
  it('answers the order as created, under its UUID and its /v1 id, and completed once the Pix is paid', async () => {
    const order = await newOrder(ic, 'BRL', '200.00');
    for (const id of [order.id, encodeId('order', order.id)]) {
      const res = await ic('GET', `/api/v1/payment/order/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(order);
    }
    await pay(t, await paymentOf(t, order.id));
    expect((await ic('GET', `/api/v1/payment/order/${order.id}`)).body).toMatchObject({ status: 'completed', totalAmount: '200.00', pendingAmount: '0.00', qrData: order.qrData });
  });

  it('shows a /v1 cancel as cancelled, and an expired order as cancelled', async () => {
    const order = await newOrder(ic, 'ARS', '3.00');
    const payment = await paymentOf(t, order.id);
    expect((await t.request('POST', `/v1/payments/${payment}/cancel`)).status).toBe(200);
    expect((await t.request('POST', `/v1/orders/${encodeId('order', order.id)}/cancel`)).status).toBe(200);
    expect((await ic('GET', `/api/v1/payment/order/${order.id}`)).body.status).toBe('cancelled');
  });

  it('reads an order made through /v1: a USD order paid in BRL there is this face\'s order too; one with no payment has no qrData', async () => {
    const created = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 12345, currency: 'USD' }) })).body;
    const bare = (await ic('GET', `/api/v1/payment/order/${created.id}`)).body;
    expect(bare).toMatchObject({ amount: '123.45', currency: 'USD', status: 'pending', qrData: null, paymentAmount: null, exchangeRate: null, pendingAmount: '123.45' });
    const payment = (await t.request('POST', `/v1/orders/${created.id}/payments`, { body: { method: 'pix', currency: 'BRL' } })).body;
    const paid = (await ic('GET', `/api/v1/payment/order/${created.id}`)).body;
    expect(paid).toMatchObject({ id: bare.id, currency: 'BRL', qrData: payment.instructions.emv, paymentAmount: '670.59', exchangeRate: '5.4321' });
  });
});
