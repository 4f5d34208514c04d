import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { publishableKeyFor } from '../../../services/publishable-keys.js';

let t: TestApp;
let orderId: string;
beforeAll(async () => {
  t = await startTestApp();
  const customer = await newCustomer(t);
  orderId = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 100 } })).body.id;
});
afterAll(() => t.close());

const path = () => `/api/public/v1/order/${orderId}`;

describe('GET /compat/glomopay/api/public/v1/order/{id}: who may read', () => {
  it('takes only a publishable key: none, a wrong one, or the secret key is 401 {message}', async () => {
    for (const key of [null, 'pk_test_wrong', t.merchant.token]) {
      const res = await glomopay(t, 'GET', path(), { key });
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(401);
      expect(Object.keys(res.body)).toEqual(['message']);
    }
  });

  it("answers another merchant's order and the other mode's with 404 Order not found", async () => {
    const other = await t.newMerchant();
    const keys = [
      (await publishableKeyFor(t.db, t.clock, other.merchantId, false)).key,
      (await publishableKeyFor(t.db, t.clock, t.merchant.merchantId, true)).key,
    ];
    for (const key of keys) {
      const res = await glomopay(t, 'GET', path(), { key });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Not Found', message: 'Order not found' });
    }
  });

  it('opens this route only: the publishable key reads no other order route', async () => {
    const key = (await publishableKeyFor(t.db, t.clock, t.merchant.merchantId, false)).key;
    expect((await glomopay(t, 'GET', `/api/v1/orders/${orderId}`, { key })).status).toBe(401);
    expect((await glomopay(t, 'GET', '/api/v1/orders', { key })).status).toBe(401);
  });
});
