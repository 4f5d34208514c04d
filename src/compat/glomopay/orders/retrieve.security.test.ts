import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';

let t: TestApp;
let orderId: string;
beforeAll(async () => {
  t = await startTestApp();
  const customer = await newCustomer(t);
  orderId = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 100 } })).body.id;
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/orders/{id}: who may read', () => {
  it('needs a key: 401 {message}', async () => {
    for (const key of [null, 'sk_live_wrong']) {
      const res = await glomopay(t, 'GET', `/api/v1/orders/${orderId}`, { key });
      expect(res.status).toBe(401);
      expect(Object.keys(res.body)).toEqual(['message']);
    }
  });

  it("answers another merchant's order and the other mode's with 404 Order not found", async () => {
    const other = await t.newMerchant();
    for (const key of [other.token, other.live, t.merchant.live]) {
      const res = await glomopay(t, 'GET', `/api/v1/orders/${orderId}`, { key });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Not Found', message: 'Order not found' });
    }
  });
});
