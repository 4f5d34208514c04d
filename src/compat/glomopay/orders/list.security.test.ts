import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/orders: whose orders', () => {
  it("lists only the key's merchant and mode, and finds no other's request_id", async () => {
    const mine = await newCustomer(t);
    const other = await t.newMerchant();
    const theirs = await newCustomer(t, other.token);
    await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: mine.glomopayId, currency: 'USD', amount: 1, request_id: 'r' } });
    await glomopay(t, 'POST', '/api/v1/orders', { key: other.token, body: { customer_id: theirs.glomopayId, currency: 'USD', amount: 2, request_id: 'theirs' } });
    const list = await glomopay(t, 'GET', '/api/v1/orders');
    expect(list.body.data.map((o: { amount: number }) => o.amount)).toEqual([1]);
    expect((await glomopay(t, 'GET', '/api/v1/orders?request_id=theirs')).body.data).toEqual([]);
    expect((await glomopay(t, 'GET', `/api/v1/orders?customer_id=${theirs.glomopayId}`)).body.page_meta.count).toBe(0);
    expect((await glomopay(t, 'GET', '/api/v1/orders', { key: t.merchant.live })).body.page_meta.count).toBe(0);
    expect((await glomopay(t, 'GET', '/api/v1/orders?request_id=r', { key: t.merchant.live })).body.data).toEqual([]);
  });

  it('needs a key, and refuses a malformed filter with 400', async () => {
    const res = await glomopay(t, 'GET', '/api/v1/orders', { key: null });
    expect(res.status).toBe(401);
    expect(Object.keys(res.body)).toEqual(['message']);
    const bad = await glomopay(t, 'GET', '/api/v1/orders?customer_id=cus_x');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Bad Request', message: "Id must start with 'cust_'" });
    const status = await glomopay(t, 'GET', '/api/v1/orders?status=refunded');
    expect(status.status).toBe(400);
    expect(status.body.error).toBe('Bad Request');
  });
});
