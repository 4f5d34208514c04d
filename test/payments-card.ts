import { expect } from 'vitest';
import { orderBody, type TestApp } from './helpers.js';

/** A card, as the payer types it: a future expiry, any CVC. */
export const card = (number: string, overrides: Record<string, unknown> = {}) => ({ number, exp_month: 12, exp_year: 2030, cvc: number.startsWith('3') ? '1234' : '123', ...overrides });

/** A token of the card, made with the given key (the merchant's test secret key by default). */
export async function tokenize(t: TestApp, number: string, token = t.merchant.token, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/v1/tokens', { token, body: { card: card(number, overrides) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** An order, and a card payment of it with a token of the card; the payment's answer as is. */
export async function payByCard(t: TestApp, number: string, payment: Record<string, unknown> = {}, order: Record<string, unknown> = {}) {
  const created = await t.request('POST', '/v1/orders', { body: orderBody(order) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const token = await tokenize(t, number);
  const res = await t.request('POST', `/v1/orders/${created.body.id}/payments`, { body: { method: 'card', token: token.id, ...payment } });
  return { order: created.body, token, res };
}

/** The payer's answer at the sandbox's 3-D Secure challenge page, as its form posts it. */
export async function answerChallenge(t: TestApp, url: string, outcome: 'pass' | 'fail') {
  const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `outcome=${outcome}` });
  return { status: res.statusCode, location: res.headers.location, body: res.body };
}
