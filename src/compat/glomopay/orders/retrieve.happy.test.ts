import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer, paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const glomopayOf = (v1Id: string) => `order_${v1Id.slice('ord_'.length)}`;

describe('GET /compat/glomopay/api/v1/orders/{id}', () => {
  it('shows an order made through /v1, and its status as it is paid', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 2500, currency: 'BRL', reference: 'V1-1', description: 'Made in /v1', metadata: { a: 'b' } });
    const read = await glomopay(t, 'GET', `/api/v1/orders/${glomopayOf(order.id)}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: glomopayOf(order.id),
      customer_id: null,
      status: 'active',
      currency: 'BRL',
      amount: 2500,
      reference_number: 'V1-1',
      invoice_description: 'Made in /v1',
      notes: { a: 'b' },
      document_id: null,
      product: null,
    });
    await pay(t, payment.id);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${glomopayOf(order.id)}`)).body.status).toBe('paid');
  });

  it('is the same order across faces: made through Paybyrd, canceled through /v1, read here', async () => {
    const made = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 990, currency: 'GBP', orderRef: 'cross', metadata: { k: 1 } } });
    const id = v1OrderId(made.body.orderId);
    const open = await glomopay(t, 'GET', `/api/v1/orders/${glomopayOf(id)}`);
    expect(open.body).toMatchObject({ status: 'active', amount: 990, currency: 'GBP', reference_number: 'cross', notes: { k: '1' } });
    await t.request('POST', `/v1/orders/${id}/cancel`, { body: {} });
    expect((await glomopay(t, 'GET', `/api/v1/orders/${glomopayOf(id)}`)).body.status).toBe('expired');
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${made.body.orderId}`)).body.status).toBe('canceled');
  });

  it('is the same order the other way: made here, read through Paybyrd and /v1, description changed through /v1', async () => {
    const customer = await newCustomer(t);
    const made = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'EUR', amount: 4200, reference_number: 'G-1', invoice_description: 'first' } });
    const v1Id = `ord_${made.body.id.slice('order_'.length)}`;
    await t.request('POST', `/v1/orders/${v1Id}`, { body: { description: 'second' } });
    const byrd = await paybyrd(t, 'GET', `/api/v2/orders/${v1Id}`);
    expect(byrd.body).toMatchObject({ status: 'created', isoAmount: 4200, amount: '42.00', currency: 'EUR', orderRef: 'G-1' });
    const read = await glomopay(t, 'GET', `/api/v1/orders/${made.body.id}`);
    expect(read.body.invoice_description).toBe('second');
  });
});
