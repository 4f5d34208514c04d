import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/services/accounts.js';
import { orderBody, startTestApp, TEST_PASSWORD, type TestApp } from './helpers.js';

/**
 * Every request example /openapi.json publishes is one the API accepts: each is sent as it stands, on
 * objects made for the purpose where its path names one.
 */

type Json = Record<string, any>;

/** Operations whose body has no example yet (the ratchet: this list only shrinks, a new route brings one). */
const WITHOUT_EXAMPLE = new Set([
  'refreshToken',
  'revokeSession',
  'updatePaymentSettings',
  'retryWebhookDelivery',
  // Routes being added alongside this test: their owners' to give examples.
  'createToken',
  'capturePayment',
  'createRefund',
  'recordRefundTransaction',
  'updateCheckoutSettings',
  'createPaymentLink',
  'deactivatePaymentLink',
]);

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
const newEndpoint = async () => (await post('POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] })).id as string;

/** The object each path's {id} names, made fresh for the example. */
const PATH_IDS: Record<string, () => Promise<string>> = {
  updateOrder: newOrder,
  cancelOrder: newOrder,
  createPayment: newOrder,
  updateCustomer: async () => (await post('POST', '/v1/customers', { name: 'Example' })).id,
  cancelPayment: newPayment,
  testHelperPayPayment: newPayment,
  testHelperFailPayment: newPayment,
  updateWebhookEndpoint: newEndpoint,
  rotateWebhookEndpointSecret: newEndpoint,
  redeliverEvent: async () => {
    await newEndpoint();
    return (await post('GET', '/v1/events?limit=1')).data[0].id;
  },
};

function bodiedOperations() {
  return Object.entries<Json>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<Json>(ops)
      .filter(([, op]) => op.requestBody)
      .map(([method, op]) => ({ path, method, op, example: op.requestBody.content['application/json']?.example })),
  );
}

describe('request examples in /openapi.json', () => {
  it('are given for every operation with a body, but those listed as not yet', () => {
    const missing = bodiedOperations().filter((o) => o.example === undefined).map((o) => o.op.operationId);
    expect(missing.filter((id) => !WITHOUT_EXAMPLE.has(id))).toEqual([]);
    const given = bodiedOperations().filter((o) => o.example !== undefined).map((o) => o.op.operationId);
    expect(given.filter((id) => WITHOUT_EXAMPLE.has(id)), 'has an example now: take it off WITHOUT_EXAMPLE').toEqual([]);
    expect(given.length).toBeGreaterThanOrEqual(15);
  });

  it('are each accepted by the API as they stand', async () => {
    const sent: string[] = [];
    for (const { path, method, op, example } of bodiedOperations()) {
      if (example === undefined) continue;
      const makeId = PATH_IDS[op.operationId];
      if (path.includes('{') && !makeId) throw new Error(`${op.operationId}: no object to send its example to (add it to PATH_IDS)`);
      const url = makeId ? path.replace('{id}', await makeId()) : path;
      const res = await t.request(method.toUpperCase(), url, { body: example, token: op.security?.length === 0 ? null : undefined });
      expect(res.status, `${op.operationId} ${JSON.stringify(example)} → ${JSON.stringify(res.body)}`).toBeLessThan(300);
      sent.push(op.operationId);
    }
    expect(sent).toEqual(expect.arrayContaining(['createOrder', 'updateOrder', 'createCustomer', 'createPayment', 'issueToken', 'createWebhookEndpoint']));
  });
});
