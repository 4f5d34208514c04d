import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('payments are scoped like their orders', () => {
  it("another merchant's or the other mode's order and payment answer 404, exactly like missing ones", async () => {
    const other = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, {}, { token: other.token });
    for (const token of [t.merchant.token, t.merchant.live, other.live]) {
      expectProblem(await t.request('POST', `/v1/orders/${order.id}/payments`, { token, body: { method: 'pix' } }), 404, 'resource_missing');
      for (const url of [`/v1/payments/${payment.id}`, `/v1/payments/${payment.id}/qr.png`, `/v1/orders/${order.id}/payments`]) {
        expectProblem(await t.request('GET', url, { token }), 404, 'resource_missing');
      }
      expectProblem(await t.request('POST', `/v1/payments/${payment.id}/cancel`, { token }), 404, 'resource_missing');
      expectProblem(await t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`, { token }), 404, token === t.merchant.token ? 'resource_missing' : 'route_not_found');
      expect((await t.request('GET', '/v1/payments?limit=100', { token })).body.data.map((p: any) => p.id)).not.toContain(payment.id);
    }
    expect((await t.request('GET', `/v1/payments/${payment.id}`, { token: other.token })).body.status).toBe('pending');
  });

  it('store and branch users start and see the payments of their own orders only', async () => {
    const m = await t.newMerchant();
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(m.merchantId);
    const inBranch = await orderWithPayment(t, {}, { token: branchUser!.token });
    const elsewhere = await orderWithPayment(t, {}, { token: m.token });
    for (const user of [storeUser!, branchUser!]) {
      expect((await t.request('GET', `/v1/payments/${inBranch.payment.id}`, { token: user.token })).status).toBe(200);
      expectProblem(await t.request('GET', `/v1/payments/${elsewhere.payment.id}`, { token: user.token }), 404, 'resource_missing');
      expectProblem(await t.request('POST', `/v1/orders/${elsewhere.order.id}/payments`, { token: user.token, body: { method: 'pix' } }), 404, 'resource_missing');
      expect((await t.request('GET', '/v1/payments', { token: user.token })).body.data.map((p: any) => p.id)).toEqual([inBranch.payment.id]);
    }
    expect((await t.request('GET', '/v1/payments', { token: owner!.token })).body.data).toHaveLength(2);
  });

  it('needs a credential', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    expectProblem(await t.request('POST', `/v1/orders/${order.body.id}/payments`, { token: null, body: { method: 'pix' } }), 401, 'authentication_required');
  });
});
