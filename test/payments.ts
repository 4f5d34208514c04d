import { expect } from 'vitest';
import { orderBody, type TestApp } from './helpers.js';

/** An order and a payment of it, through /v1; override the order's fields and pick the method. */
export async function orderWithPayment(t: TestApp, order: Record<string, unknown> = {}, options: { method?: string; token?: string } = {}) {
  const token = options.token ?? t.merchant.token;
  const created = await t.request('POST', '/v1/orders', { token, body: orderBody(order) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const payment = await t.request('POST', `/v1/orders/${created.body.id}/payments`, { token, body: { method: options.method ?? 'pix' } });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  return { order: created.body, payment: payment.body };
}

/** The sandbox payer pays (the whole amount unless told). */
export async function pay(t: TestApp, paymentId: string, amount?: number, token = t.merchant.token) {
  const res = await t.request('POST', `/v1/test_helpers/payments/${paymentId}/pay`, { token, body: amount === undefined ? {} : { amount } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function getOrder(t: TestApp, id: string) {
  return (await t.request('GET', `/v1/orders/${id}`)).body;
}

export async function eventTypes(t: TestApp, objectId: string): Promise<string[]> {
  const res = await t.request('GET', `/v1/events?object=${objectId}&limit=100`);
  return res.body.data.map((e: { type: string }) => e.type).reverse();
}
