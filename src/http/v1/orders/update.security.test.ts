import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id (update) and /cancel: only the owner of the order may change it', () => {
  it("answers 404 to another merchant, the other mode and another branch, and changes nothing", async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branchA = await t.newBranch(t.merchant.merchantId, store.storeId);
    const branchB = await t.newBranch(t.merchant.merchantId, store.storeId);
    const order = await t.request('POST', '/v1/orders', { body: orderBody({ branch: branchA.id }) });
    const other = await t.newMerchant();
    const branchUserB = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branchB.branchId });
    for (const token of [other.token, t.merchant.live, branchUserB.token]) {
      expect((await t.request('POST', `/v1/orders/${order.body.id}`, { token, body: { metadata: { x: '1' } } })).status).toBe(404);
      expect((await t.request('POST', `/v1/orders/${order.body.id}/cancel`, { token })).status).toBe(404);
    }
    expect((await t.request('GET', `/v1/orders/${order.body.id}`)).body).toEqual(order.body);
    const branchUserA = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branchA.branchId });
    expect((await t.request('POST', `/v1/orders/${order.body.id}/cancel`, { token: branchUserA.token })).body.status).toBe('canceled');
  });

  it('requires credentials before reading the body', async () => {
    const res = await t.request('POST', '/v1/orders/ord_00000000000000000000000000', { token: null, body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });
});
