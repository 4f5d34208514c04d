import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/glomopay/api/v1/orders: who may create', () => {
  it('refuses no key, a wrong key, a user token and the key in another header with 401 {message}', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const customer = await newCustomer(t);
    const body = { customer_id: customer.glomopayId, currency: 'USD', amount: 100 };
    for (const call of [{ key: null }, { key: 'sk_test_wrong' }, { key: owner.token }, { key: null, headers: { 'x-api-key': t.merchant.token } }]) {
      const res = await glomopay(t, 'POST', '/api/v1/orders', { ...call, body });
      expect(res.status).toBe(401);
      expect(Object.keys(res.body)).toEqual(['message']);
    }
    expect((await glomopay(t, 'GET', '/api/v1/orders')).body.page_meta.count).toBe(0);
  });

  it("lets the key decide the mode, and never attaches another merchant's or mode's customer", async () => {
    const testCustomer = await newCustomer(t);
    const other = await t.newMerchant();
    const theirs = await newCustomer(t, other.token);
    const foreign = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: theirs.glomopayId, currency: 'USD', amount: 100 } });
    expect(foreign.status).toBe(404);
    const otherMode = await glomopay(t, 'POST', '/api/v1/orders', { key: t.merchant.live, body: { customer_id: testCustomer.glomopayId, currency: 'USD', amount: 100 } });
    expect(otherMode.status).toBe(404);
    const liveCustomer = await newCustomer(t, t.merchant.live);
    const live = await glomopay(t, 'POST', '/api/v1/orders', { key: t.merchant.live, body: { customer_id: liveCustomer.glomopayId, currency: 'USD', amount: 100 } });
    expect(live.status).toBe(201);
    expect((await t.request('GET', `/v1/orders/ord_${live.body.id.slice(6)}`, { token: t.merchant.live })).body.livemode).toBe(true);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${live.body.id}`)).status).toBe(404);
  });
});
