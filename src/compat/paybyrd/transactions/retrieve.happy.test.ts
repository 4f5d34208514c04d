import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';
import { decodeId } from '../../../domain/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /compat/paybyrd/api/v2/transactions/{transactionId}', () => {
  it("answers a Pix payment as a transaction, waiting (BYRD201) then paid (BYRD200), with its order's ids", async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 1300, currency: 'BRL', orderRef: 'TX-1', paymentOptions: { allowedPaymentMethods: ['PIX'] } } });
    const payment = await t.request('POST', `/v1/orders/${v1OrderId(created.body.orderId)}/payments`, { body: { method: 'pix' } });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    const transactionId = decodeId('payment', payment.body.id)!;
    const waiting = await paybyrd(t, 'GET', `/api/v2/transactions/${transactionId}`);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toEqual({
      transactionId,
      status: 'Processing',
      isoAmount: 1300,
      amount: '13.00',
      currency: 'BRL',
      paymentMethod: 'PIX',
      brand: 'PIX',
      operationType: 'Payment',
      createdDate: '2026-11-23T12:00:00Z',
      transactionDate: null,
      orderId: created.body.orderId,
      orderRef: 'TX-1',
      referencedTransactions: [],
      code: 'BYRD201',
      description: 'Payment being processed. Waiting for shopper',
    });
    t.clock.advance(30_000);
    await pay(t, payment.body.id);
    const paid = await paybyrd(t, 'GET', `/api/v2/transactions/${payment.body.id}`);
    expect(paid.body).toMatchObject({ transactionId, status: 'Success', transactionDate: '2026-11-23T12:00:30Z', code: 'BYRD200', description: 'Operation successfully completed' });
    const order = await paybyrd(t, 'GET', `/api/v2/orders/${created.body.orderId}`);
    expect(order.body).toMatchObject({ status: 'paid', lastTransactionId: transactionId, transactions: [{ transactionId, status: 'Success' }] });
  });

  it('answers a boleto payment of a /v1 order', async () => {
    const { payment } = await orderWithPayment(t, { amount: 5000, currency: 'BRL' }, { method: 'boleto' });
    const res = await paybyrd(t, 'GET', `/api/v2/transactions/${decodeId('payment', payment.id)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ paymentMethod: 'BOLETO', status: 'Processing', isoAmount: 5000, orderRef: null });
  });
});
