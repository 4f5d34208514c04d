import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_MS } from '../src/rails/usdt-trc20/fake-chain.js';
import { sandboxChainOf } from '../src/rails/usdt-trc20/rail.js';
import { createUser } from '../src/services/accounts.js';
import { fanOutEvents } from '../src/services/webhook-delivery.js';
import { orderBody, startTestApp, TEST_PASSWORD, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { tokenize } from './payments-card.js';

/**
 * Every operation with a body publishes a request example, and the API accepts each: it is sent as it
 * stands, on objects made for the purpose where its path names one; where the body names an object or a
 * secret that only exists once made (a payment to refund, a refresh token), that field is put in fresh.
 */

type Json = Record<string, any>;

let t: TestApp;
let doc: Json;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.request('GET', '/openapi.json', { token: null })).body;
  // The sign-in example's user.
  await createUser(t.db, t.clock, { merchantId: t.merchant.merchantId, email: 'owner@example.com', password: TEST_PASSWORD, role: 'owner' });
});
afterAll(() => t?.close());

const post = async (method: string, url: string, body?: unknown) => {
  const res = await t.request(method, url, { body });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const newOrder = async () => (await post('POST', '/v1/orders', orderBody())).id as string;
const newPayment = async () => (await post('POST', `/v1/orders/${await newOrder()}/payments`, { method: 'pix' })).id as string;
const paidPayment = async () => {
  const id = await newPayment();
  await post('POST', `/v1/test_helpers/payments/${id}/pay`, {});
  return id;
};
const newEndpoint = async () => (await post('POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] })).id as string;
const signIn = async () => (await t.request('POST', '/v1/auth/token', { token: null, body: { email: 'owner@example.com', password: TEST_PASSWORD } })).body;

/** The object each path's {id} (or {key}) names, made fresh for the example. */
const PATH_IDS: Record<string, () => Promise<string>> = {
  updateOrder: newOrder,
  cancelOrder: newOrder,
  createPayment: newOrder,
  updateCustomer: async () => (await post('POST', '/v1/customers', { name: 'Example' })).id,
  cancelPayment: newPayment,
  testHelperPayPayment: newPayment,
  testHelperFailPayment: newPayment,
  capturePayment: async () => {
    const token = await tokenize(t, '4242424242424242');
    return (await post('POST', `/v1/orders/${await newOrder()}/payments`, { method: 'card', token: token.id, capture_method: 'manual' })).id;
  },
  recordRefundTransaction: async () => {
    // A USDT refund waits on the merchant's own transfer: a paid USDT payment (19 confirmations), refunded to the payer's address.
    sandboxChainOf(t.services.config.usdt).useClock(t.clock);
    await post('PUT', '/v1/fx/rates', { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] });
    const order = await post('POST', '/v1/orders', orderBody({ amount: 10000, currency: 'USD' }));
    const payment = await post('POST', `/v1/orders/${order.id}/payments`, { method: 'usdt_trc20', currency: 'USDT' });
    await post('POST', `/v1/test_helpers/payments/${payment.id}/pay`, {});
    t.clock.advance(20 * BLOCK_MS);
    await runExpiry(t);
    const refund = await post('POST', '/v1/refunds', { payment: payment.id, destination: { type: 'trc20_address', address: 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb' } });
    expect(refund.status).toBe('requires_action');
    return refund.id;
  },
  updateWebhookEndpoint: newEndpoint,
  rotateWebhookEndpointSecret: newEndpoint,
  retryWebhookDelivery: async () => {
    const endpoint = await newEndpoint();
    await newOrder();
    await fanOutEvents(t.db, t.clock, 500);
    return (await post('GET', `/v1/webhook_endpoints/${endpoint}/deliveries?limit=1`)).data[0].id;
  },
  redeliverEvent: async () => {
    await newEndpoint();
    return (await post('GET', '/v1/events?limit=1')).data[0].id;
  },
  revokePublishableKey: async () => (await post('POST', '/v1/publishable_keys/roll', { overlap_seconds: 60 })).key,
  deactivatePaymentLink: async () => (await post('POST', '/v1/payment_links', { amount: 4990, currency: 'BRL' })).id,
};

/** Bodies naming what exists only once made: the example with those fields fresh, and whose token sends it. */
const FRESH_FIELDS: Record<string, (example: Json) => Promise<{ body: Json; token?: string | null }>> = {
  refreshToken: async (example) => ({ body: { ...example, refresh_token: (await signIn()).refresh_token } }),
  // Sign-out is a user's (an API key gets 403): the example's session is the signed-in user's own.
  revokeSession: async (example) => {
    const session = await signIn();
    return { body: { ...example, refresh_token: session.refresh_token }, token: session.access_token };
  },
  createRefund: async (example) => ({ body: { ...example, payment: await paidPayment() } }),
};

function bodiedOperations() {
  return Object.entries<Json>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<Json>(ops)
      .filter(([, op]) => op.requestBody)
      .map(([method, op]) => ({ path, method, op, example: op.requestBody.content['application/json']?.example })),
  );
}

describe('request examples in /openapi.json', () => {
  it('are given for every operation with a body', () => {
    const operations = bodiedOperations();
    expect(operations.filter((o) => o.example === undefined).map((o) => o.op.operationId)).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(26);
  });

  it('are each accepted by the API as they stand', async () => {
    const sent: string[] = [];
    for (const { path, method, op, example } of bodiedOperations()) {
      const makeId = PATH_IDS[op.operationId];
      if (path.includes('{') && !makeId) throw new Error(`${op.operationId}: no object to send its example to (add it to PATH_IDS)`);
      const url = makeId ? path.replace(/\{[a-z_]+\}/, await makeId()) : path;
      const fresh = await FRESH_FIELDS[op.operationId]?.(example);
      const token = fresh?.token !== undefined ? fresh.token : op.security?.length === 0 ? null : undefined;
      const res = await t.request(method.toUpperCase(), url, { body: fresh?.body ?? example, token });
      expect(res.status, `${op.operationId} ${JSON.stringify(example)} → ${JSON.stringify(res.body)}`).toBeLessThan(300);
      sent.push(op.operationId);
    }
    expect(sent).toEqual(expect.arrayContaining(['createOrder', 'updateOrder', 'createCustomer', 'createPayment', 'issueToken', 'createWebhookEndpoint', 'createRefund', 'refreshToken']));
  });
});
