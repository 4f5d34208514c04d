import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';

let t: TestApp;
let orderId: string;
beforeAll(async () => {
  t = await startTestApp();
  orderId = (await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 10, currency: 'EUR', orderRef: 'mine' } })).body.orderId;
});
afterAll(() => t.close());

describe('GET /compat/paybyrd/api/v2/orders/{orderId}: who may read', () => {
  it('needs a key: 401 BYRD401 before anything is looked up', async () => {
    for (const key of [null, 'sk_test_wrong']) {
      const res = await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`, { key });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'BYRD401', description: 'Resource access unauthorized' });
    }
  });

  it("answers another merchant's order, the other mode's, an unknown and a malformed id alike: 404 BYRD901", async () => {
    const other = await t.newMerchant();
    const answers = await Promise.all([
      paybyrd(t, 'GET', `/api/v2/orders/${orderId}`, { key: other.token }),
      paybyrd(t, 'GET', `/api/v2/orders/${orderId}`, { key: t.merchant.live }),
      paybyrd(t, 'GET', '/api/v2/orders/0193a000-0000-7000-8000-000000000001'),
      paybyrd(t, 'GET', '/api/v2/orders/not-a-guid'),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'BYRD901', description: 'Resource not found' });
    }
  });

  it("refuses a user's access token in x-api-key (Paybyrd keys only; users sign in to /v1)", async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`, { key: owner.token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('BYRD401');
  });
});
