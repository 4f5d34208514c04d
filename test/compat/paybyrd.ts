import { expect } from 'vitest';
import type { Response, TestApp } from '../helpers.js';
import { pay } from '../payments.js';
import { paybyrd, v1OrderId } from './faces.js';

/** Test helpers for the Paybyrd face. */

/** A Paybyrd error body: its return code, description and message, never problem+json. */
export function expectByrd(res: Response, status: number, code: string, message?: string | RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.code).toBe(code);
  expect(typeof res.body.description).toBe('string');
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
}

/** A Paybyrd order of 12.50 BRL paid by Pix; its transaction id as a Paybyrd client reads it from the order. */
export async function paidTransaction(app: TestApp, key = app.merchant.token) {
  const order = (await paybyrd(app, 'POST', '/api/v2/orders', { key, body: { isoAmount: 1250, currency: 'BRL', orderRef: 'RF-1' } })).body;
  const payment = await app.request('POST', `/v1/orders/${v1OrderId(order.orderId)}/payments`, { token: key, body: { method: 'pix' } });
  await pay(app, payment.body.id, undefined, key);
  const read = await paybyrd(app, 'GET', `/api/v2/orders/${order.orderId}`, { key });
  const success = read.body.transactions.find((tx: { status: string }) => tx.status === 'Success');
  return { orderId: order.orderId as string, transactionId: success.transactionId as string };
}
