import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('refunds are scoped like their payments', () => {
  it("another merchant's or the other mode's payment and refund answer 404, exactly like missing ones; nothing is refunded", async () => {
    const other = await t.newMerchant();
    const { payment } = await orderWithPayment(t, {}, { token: other.token });
    await pay(t, payment.id, undefined, other.token);
    const refund = (await t.request('POST', '/v1/refunds', { token: other.token, body: { payment: payment.id, amount: 100 } })).body;
    for (const token of [t.merchant.token, t.merchant.live, other.live]) {
      expectProblem(await t.request('POST', '/v1/refunds', { token, body: { payment: payment.id, amount: 100 } }), 404, 'resource_missing');
      expectProblem(await t.request('GET', `/v1/refunds/${refund.id}`, { token }), 404, 'resource_missing');
      expectProblem(await t.request('POST', `/v1/refunds/${refund.id}/transaction`, { token, body: { hash: 'ab'.repeat(32) } }), 404, 'resource_missing');
      expectProblem(await t.request('POST', `/v1/refunds/${refund.id}/cancel`, { token }), 404, 'resource_missing');
      expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`, { token })).body.data).toEqual([]);
      expect((await t.request('GET', '/v1/refunds?limit=100', { token })).body.data.map((r: { id: string }) => r.id)).not.toContain(refund.id);
    }
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`, { token: other.token })).body.data).toHaveLength(1);
  });

  it('store and branch users refund and see the refunds of their own orders only', async () => {
    const m = await t.newMerchant();
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(m.merchantId);
    const inBranch = await orderWithPayment(t, {}, { token: branchUser!.token });
    const elsewhere = await orderWithPayment(t, {}, { token: m.token });
    await pay(t, inBranch.payment.id, undefined, m.token);
    await pay(t, elsewhere.payment.id, undefined, m.token);
    const own = await t.request('POST', '/v1/refunds', { token: branchUser!.token, body: { payment: inBranch.payment.id, amount: 100 } });
    expect(own.status).toBe(201);
    const other = (await t.request('POST', '/v1/refunds', { token: m.token, body: { payment: elsewhere.payment.id, amount: 100 } })).body;
    for (const user of [storeUser!, branchUser!]) {
      expectProblem(await t.request('POST', '/v1/refunds', { token: user.token, body: { payment: elsewhere.payment.id } }), 404, 'resource_missing');
      expectProblem(await t.request('GET', `/v1/refunds/${other.id}`, { token: user.token }), 404, 'resource_missing');
      expect((await t.request('GET', '/v1/refunds', { token: user.token })).body.data.map((r: { id: string }) => r.id)).toEqual([own.body.id]);
    }
    expect((await t.request('GET', '/v1/refunds', { token: owner!.token })).body.data).toHaveLength(2);
  });

  it('needs a credential', async () => {
    expectProblem(await t.request('POST', '/v1/refunds', { token: null, body: { payment: 'pay_00000000000000000000000000' } }), 401, 'authentication_required');
    expectProblem(await t.request('GET', '/v1/refunds', { token: null }), 401, 'authentication_required');
  });
});
