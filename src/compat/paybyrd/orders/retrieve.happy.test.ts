import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { runExpiry } from '../../../../test/jobs.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';
import { decodeId } from '../../../domain/ids.js';
import { loadSeedOpenApi, schemaValidator } from '../../../../test/compat/seeds.js';

const validateOrder = schemaValidator(loadSeedOpenApi('paybyrd-create-order-openapi.md'), 'OrderCreation');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const uuidOf = (v1Id: string) => decodeId('order', v1Id)!;

describe('GET /compat/paybyrd/api/v2/orders/{orderId}', () => {
  it('shows an order made through /v1, its payments as transactions, and its money as it moves', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 1990, currency: 'BRL', reference: 'PED-9' });
    const orderId = uuidOf(order.id);
    const pending = await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`);
    expect(pending.status).toBe(200);
    expect(validateOrder(pending.body), JSON.stringify(validateOrder.errors)).toBe(true);
    const paymentUuid = decodeId('payment', payment.id);
    expect(pending.body).toMatchObject({
      orderId,
      isoAmount: 1990,
      amount: '19.90',
      currency: 'BRL',
      orderRef: 'PED-9',
      lastTransactionId: paymentUuid,
      transactions: [{ transactionId: paymentUuid, status: 'Processing', isoAmount: 1990, amount: '19.90', currency: 'BRL', paymentMethod: 'PIX', operationType: 'Payment' }],
      refundedAmount: '0.00',
      canceledDate: null,
      code: 'BYRD200',
    });
    expect(['created', 'pending']).toContain(pending.body.status);

    await pay(t, payment.id);
    const paid = await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`);
    expect(paid.body.status).toBe('paid');
    expect(paid.body.transactions[0].status).toBe('Success');
  });

  it('resolves the /v1 spelling of the id too', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 10, currency: 'EUR', orderRef: 'spell' } });
    const byV1 = await paybyrd(t, 'GET', `/api/v2/orders/${v1OrderId(created.body.orderId)}`);
    expect(byV1.status).toBe(200);
    expect(byV1.body.orderId).toBe(created.body.orderId);
  });

  it('shows what /v1 changed: a cancel, metadata', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 10, currency: 'EUR', orderRef: 'v1-change', metadata: { cart: 42, note: 'x' } } });
    const id = v1OrderId(created.body.orderId);
    await t.request('POST', `/v1/orders/${id}`, { body: { metadata: { note: 'changed' } } });
    t.clock.advance(60_000);
    const canceled = await t.request('POST', `/v1/orders/${id}/cancel`, { body: {} });
    expect(canceled.status).toBe(200);
    const read = await paybyrd(t, 'GET', `/api/v2/orders/${created.body.orderId}`);
    expect(read.body).toMatchObject({ status: 'canceled', canceledDate: '2026-11-23T12:01:00Z', metadata: { cart: 42, note: 'changed' } });
    t.clock.set(new Date('2026-11-23T12:00:00.000Z'));
  });

  it('shows an order expired by the sweeper as expired', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 10, currency: 'EUR', orderRef: 'exp', orderOptions: { expiresIn: '00:15:00' } } });
    t.clock.advance(16 * 60_000);
    await runExpiry(t);
    const read = await paybyrd(t, 'GET', `/api/v2/orders/${created.body.orderId}`);
    expect(read.body.status).toBe('expired');
    t.clock.set(new Date('2026-11-23T12:00:00.000Z'));
  });
});
