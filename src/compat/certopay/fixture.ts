import { STATUS_CODES } from 'node:http';
import { afterAll, expect } from 'vitest';
import { startTestApp, type Response, type TestApp } from '../../../test/helpers.js';
import { startReceiver } from '../../../test/webhooks.js';

/** Test helpers for the CertoPay face: requests with X-Api-Key, and what its seeds send. */

/** CPFs with valid check digits (the Receita Federal's examples), and one whose last digit is off. */
export const CPF = '52998224725';
export const OTHER_CPF = '11144477735';
export const BAD_CPF = '52998224726';

/** The body of the seed's create-order example, byte for byte (the customer is put in for its placeholder). */
export const SEED_CREATE_ORDER_BODY = `{
    "customerId": "uuid-do-customer",
    "amount": 29700
  }`;

export const ADDRESS = { postal_code: '01310-100', street: 'Avenida Paulista', number: '1000', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' };

export type CertoPay = (method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; key?: string | null }) => Promise<Response>;

/** Requests to the face under its default prefix, with the test merchant's key (or `key`) as X-Api-Key. */
export function certopayClient(t: TestApp, defaultKey = t.merchant.token): CertoPay {
  return (method, path, { body, headers = {}, key = defaultKey } = {}) =>
    t.request(method, `/compat/certopay${path}`, { token: null, body, headers: { ...(key === null ? {} : { 'x-api-key': key }), ...headers } });
}

/** For a test file's top level: an app and its CertoPay client, closed after the file. */
export async function certopayApp() {
  const t = await startTestApp();
  afterAll(() => t.close());
  return { t, cp: certopayClient(t) };
}

/** The same with a local webhook receiver, closed (before the app) after the file. */
export async function certopayWithReceiver() {
  const app = await certopayApp();
  const receiver = await startReceiver();
  afterAll(() => receiver.close());
  return { ...app, receiver };
}

export async function newCustomer(cp: CertoPay, overrides: Record<string, unknown> = {}, key?: string) {
  const res = await cp('POST', '/api/customers', { key, body: { name: 'Maria Silva', email: 'maria@example.com', document: CPF, phone: '(11) 99999-9999', ...overrides } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; email: string; document: string; phone: string; createdAt: string };
}

export async function newOrder(cp: CertoPay, amount = 29700, key?: string) {
  const customer = await newCustomer(cp, {}, key);
  const res = await cp('POST', '/api/orders', { key, body: { customerId: customer.id, amount } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; customerId: string; amount: number; status: string; createdAt: string };
}

/** Raw card data as CertoPay's clients send it (Stripe's approved Visa test number). */
export const CARD = { holderName: 'MARIA SILVA', number: '4242424242424242', brand: 'Visa', expMonth: '12', expYear: '30', cvv: '123' };

/** The body of tokenize-card as CertoPay's clients send it, for `customerId`. */
export function tokenizeBody(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, cpf: CPF, ...CARD, birthDate: '1990-05-17', phone: '(11) 99999-9999', billingAddress: ADDRESS, ...overrides };
}

export function paymentBody(orderId: string, method: string, overrides: Record<string, unknown> = {}) {
  return { orderId, method, amount: 29700, buyerDoc: CPF, buyerCellNumber: '(11) 99999-9999', buyerAddress: ADDRESS, ...overrides };
}

/** A NestJS error body: exactly statusCode, message and error, as JSON, never problem+json. */
export function expectNestError(res: Response, status: number, message?: string | RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(res.body.statusCode).toBe(status);
  expect(res.body.error).toBe(STATUS_CODES[status]);
  expect(typeof res.body.message).toBe('string');
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
