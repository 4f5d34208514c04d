import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { canSee, PLACED_NAMES, placeCustomers, type CallerName, type Placed } from '../customers/placed.fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders: who may create what', () => {
  it('requires a valid bearer credential', async () => {
    const none = await t.request('POST', '/v1/orders', { token: null, body: orderBody() });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('authentication_required');
    const basic = await t.request('POST', '/v1/orders', { token: null, body: orderBody(), headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.body.code).toBe('authentication_required');
    const forged = t.merchant.token.slice(0, -4) + 'aaaa';
    const wrong = await t.request('POST', '/v1/orders', { token: forged, body: orderBody() });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    const rows = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    expect(rows[0]?.n).toBe('0');
  });

  it('keeps test and live data apart', async () => {
    const live = await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody() });
    expect(live.body.livemode).toBe(true);
    expect((await t.request('GET', `/v1/orders/${live.body.id}`)).status).toBe(404);
    expect((await t.request('GET', `/v1/orders/${live.body.id}`, { token: t.merchant.live })).status).toBe(200);
  });

  it("scopes Idempotency-Keys to the merchant: another merchant's key never replays its response", async () => {
    const other = await t.newMerchant();
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await t.request('POST', '/v1/orders', { body: orderBody(), headers });
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody(), headers });
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    // Test and live keys of one merchant do not share Idempotency-Keys either.
    const live = await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody(), headers });
    expect(live.body.id).not.toBe(mine.body.id);
  });

  it("places a store user's and a branch user's orders in their own store and branch", async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const branchUser = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId });

    const byStore = await t.request('POST', '/v1/orders', { token: storeUser.token, body: orderBody() });
    expect(byStore.body).toMatchObject({ store: store.id, branch: null });
    const byBranch = await t.request('POST', '/v1/orders', { token: branchUser.token, body: orderBody() });
    expect(byBranch.body).toMatchObject({ store: store.id, branch: branch.id });
    const storeUserInBranch = await t.request('POST', '/v1/orders', { token: storeUser.token, body: orderBody({ branch: branch.id }) });
    expect(storeUserInBranch.body).toMatchObject({ store: store.id, branch: branch.id });
  });

  it('does not let a store or branch user place an order elsewhere', async () => {
    const storeA = await t.newStore(t.merchant.merchantId);
    const storeB = await t.newStore(t.merchant.merchantId);
    const branchB = await t.newBranch(t.merchant.merchantId, storeB.storeId);
    const userA = await t.newUser(t.merchant.merchantId, 'store', { storeId: storeA.storeId });
    const otherStore = await t.request('POST', '/v1/orders', { token: userA.token, body: orderBody({ store: storeB.id }) });
    expect(otherStore.status).toBe(400);
    expect(otherStore.body.errors[0]).toMatchObject({ path: '/store', code: 'resource_missing' });
    const otherBranch = await t.request('POST', '/v1/orders', { token: userA.token, body: orderBody({ branch: branchB.id }) });
    expect(otherBranch.body.errors[0]).toMatchObject({ path: '/branch', code: 'resource_missing' });
  });

  it("does not let a merchant attach another merchant's customer or store", async () => {
    const other = await t.newMerchant();
    const theirCustomer = await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Theirs' } });
    const theirStore = await t.newStore(other.merchantId);
    const withCustomer = await t.request('POST', '/v1/orders', { body: orderBody({ customer: theirCustomer.body.id }) });
    expect(withCustomer.body.errors[0]).toMatchObject({ path: '/customer', code: 'resource_missing' });
    const withStore = await t.request('POST', '/v1/orders', { body: orderBody({ store: theirStore.id }) });
    expect(withStore.body.errors[0]).toMatchObject({ path: '/store', code: 'resource_missing' });
  });
});

describe('POST /v1/orders with a customer: a store or branch user attaches only a customer it can see', () => {
  let placed: Placed;
  beforeAll(async () => {
    placed = await placeCustomers(t);
  });

  // Attaching would itself make the customer visible to the user, so one it cannot see is answered as missing.
  for (const caller of ['store user', 'branch user'] satisfies CallerName[]) {
    for (const name of PLACED_NAMES) {
      const allowed = canSee(caller, name);
      it(`${allowed ? 'lets' : 'does not let'} the ${caller} attach the customer ${name}`, async () => {
        const { id } = placed.customers[name];
        const token = placed.tokens[caller];
        const ordersOf = async () => (await t.request('GET', `/v1/orders?customer=${id}`, { token: placed.tokens['api key'] })).body.data.length;
        const before = await ordersOf();
        const res = await t.request('POST', '/v1/orders', { token, body: orderBody({ customer: id }) });
        if (allowed) {
          expect(res.status).toBe(201);
          expect(res.body.customer).toBe(id);
          expect(await ordersOf()).toBe(before + 1);
          return;
        }
        const missingId = 'cus_0000000000000000000000000a';
        const missing = await t.request('POST', '/v1/orders', { token, body: orderBody({ customer: missingId }) });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual(JSON.parse(JSON.stringify(missing.body.errors).replaceAll(missingId, id)));
        expect(await ordersOf()).toBe(before);
        expect((await t.request('GET', `/v1/customers/${id}`, { token })).status).toBe(404);
      });
    }
  }

  it.each(['api key', 'owner'] satisfies CallerName[])('lets the %s attach any customer of the merchant', async (caller) => {
    for (const name of PLACED_NAMES) {
      const res = await t.request('POST', '/v1/orders', { token: placed.tokens[caller], body: orderBody({ customer: placed.customers[name].id }) });
      expect(res.status).toBe(201);
    }
  });
});
