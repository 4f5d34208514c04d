import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Glomopay customers: keys, tenants and modes', () => {
  it("answers 401 without a key; another merchant's or mode's customer is 404, and no order of theirs can name it", async () => {
    expect((await glomopay(t, 'POST', '/api/v1/customers', { key: null, body: { name: 'A' } })).status).toBe(401);
    const mine = (await glomopay(t, 'POST', '/api/v1/customers', { body: { name: 'Mine' } })).body;
    const other = await t.newMerchant();
    expect((await glomopay(t, 'GET', `/api/v1/customers/${mine.id}`, { key: other.token })).body).toEqual({ error: 'Not Found', message: 'Customer not found' });
    expect((await glomopay(t, 'GET', `/api/v1/customers/${mine.id}`, { key: t.merchant.live })).status).toBe(404);
    const theirOrder = await glomopay(t, 'POST', '/api/v1/orders', { key: other.token, body: { customer_id: mine.id, currency: 'USD', amount: 100 } });
    expect([theirOrder.status, theirOrder.body]).toEqual([404, { error: 'Not Found', message: 'Customer not found' }]);
  });
});
