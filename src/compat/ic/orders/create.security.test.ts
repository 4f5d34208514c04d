import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { expectNestError, icApp, icClient, icLogin, newOrder, setRates } from '../fixture.js';

const { t, ic } = await icApp();

describe('POST /api/v1/payment/order (IC): who may create', () => {
  it('answers 401 without a Bearer, with a wrong one, and with a key of no merchant', async () => {
    const body = { amount: '200.00', currency: 'BRL' };
    expectNestError(await ic('POST', '/api/v1/payment/order', { body, token: null }), 401, 'Unauthorized');
    expectNestError(await ic('POST', '/api/v1/payment/order', { body, token: 'not-a-token' }), 401, 'Invalid or expired token');
    expectNestError(await ic('POST', '/api/v1/payment/order', { body, token: `${t.merchant.token.slice(0, -1)}${t.merchant.token.endsWith('A') ? 'B' : 'A'}` }), 401);
    expectNestError(await ic('POST', '/api/v1/payment/order', { body, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, token: null }), 401);
  });

  it("places a store user's order in its store and a branch user's in its branch: the store sees both, the branch its own, another store neither", async () => {
    const m = await t.newMerchant();
    await setRates(t, m.token);
    const [, storeUser, branchUser] = await t.newUserOfEachRole(m.merchantId);
    const store = icClient(t, (await icLogin(t, storeUser!)).accessToken);
    const branch = icClient(t, (await icLogin(t, branchUser!)).accessToken);
    const otherStore = icClient(t, (await icLogin(t, await t.newUser(m.merchantId, 'store', { storeId: (await t.newStore(m.merchantId)).storeId }))).accessToken);
    const byStore = await newOrder(store);
    const byBranch = await newOrder(branch);
    const v1Store = await t.request('GET', `/v1/orders/${encodeId('order', byStore.id)}`, { token: m.token });
    const v1Branch = await t.request('GET', `/v1/orders/${encodeId('order', byBranch.id)}`, { token: m.token });
    expect(v1Store.body.store).not.toBeNull();
    expect(v1Store.body.branch).toBeNull();
    expect(v1Branch.body.branch).not.toBeNull();
    expect((await branch('GET', `/api/v1/payment/order/${byBranch.id}`)).status).toBe(200);
    expectNestError(await branch('GET', `/api/v1/payment/order/${byStore.id}`), 404, 'Order not found');
    expect((await store('GET', `/api/v1/payment/order/${byBranch.id}`)).status).toBe(200);
    for (const id of [byStore.id, byBranch.id]) expectNestError(await otherStore('GET', `/api/v1/payment/order/${id}`), 404, 'Order not found');
    // The merchant's key sees every order of the merchant.
    expect((await icClient(t, m.token)('GET', `/api/v1/payment/order/${byBranch.id}`)).status).toBe(200);
  });

  it('keeps test and live apart: a live key sees no test order, and pays only on rails set up live', async () => {
    const order = await newOrder(ic);
    expectNestError(await ic('GET', `/api/v1/payment/order/${order.id}`, { token: t.merchant.live }), 404, 'Order not found');
    expectNestError(await ic('POST', '/api/v1/payment/order', { token: t.merchant.live, body: { amount: '1.00', currency: 'BRL' } }), 400, /^pix is not set up for this merchant in live mode/);
  });
});
