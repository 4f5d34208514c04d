import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';
import { CALLERS, canSee, PLACED_NAMES, placeCustomers, type CallerName, type Placed } from './placed.fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


const ids = (res: Response) => (res.body.data as Array<{ id: string }>).map((c) => c.id);

describe('GET /v1/customers access', () => {
  let mine: { id: string }, mineLive: { id: string };
  let other: Awaited<ReturnType<TestApp['newMerchant']>>;
  let theirs: { id: string };
  beforeAll(async () => {
    mine = (await t.request('POST', '/v1/customers', { body: { email: 'shared@example.com' } })).body;
    mineLive = (await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { email: 'shared@example.com' } })).body;
    other = await t.newMerchant();
    theirs = (await t.request('POST', '/v1/customers', { token: other.token, body: { email: 'shared@example.com' } })).body;
  });

  it('refuses a request without Authorization with 401 authentication_required', async () => {
    expectProblem(await t.request('GET', '/v1/customers', { token: null }), 401, 'authentication_required');
  });

  it('refuses a garbage key with 401 invalid_credentials', async () => {
    expectProblem(await t.request('GET', '/v1/customers', { token: 'sk_test_0000' }), 401, 'invalid_credentials');
  });

  it('refuses a revoked key with 401', async () => {
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('GET', '/v1/customers', { token: secret }), 401, 'invalid_credentials');
  });

  it("never lists another merchant's customers, even filtered by the same email", async () => {
    expect(ids(await t.request('GET', '/v1/customers'))).toEqual([mine.id]);
    expect(ids(await t.request('GET', '/v1/customers?email=shared@example.com'))).toEqual([mine.id]);
    expect(ids(await t.request('GET', '/v1/customers', { token: other.token }))).toEqual([theirs.id]);
  });

  it("refuses another merchant's customer as a cursor, as it refuses an unknown one", async () => {
    for (const param of ['ending_before', 'starting_after']) {
      const res = await t.request('GET', `/v1/customers?${param}=${theirs.id}`, { token: t.merchant.token });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: `/${param}`, in: 'query', code: 'resource_missing', message: `has no such customer: '${theirs.id}'` }]);
    }
  });

  it('lists test customers to test keys and live customers to live keys only', async () => {
    expect(ids(await t.request('GET', '/v1/customers'))).toEqual([mine.id]);
    expect(ids(await t.request('GET', '/v1/customers', { token: t.merchant.live }))).toEqual([mineLive.id]);
    const live = await t.request('GET', '/v1/customers', { token: t.merchant.live });
    expect(live.body.data.every((c: { livemode: boolean }) => c.livemode)).toBe(true);
  });

  it('lists only live customers to a live owner, and no merchant-wide customer to a store or branch user', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const liveOwner = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    expect(ids(await t.request('GET', '/v1/customers', { token: liveOwner.token }))).toEqual([mineLive.id]);
    for (const user of [
      await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId }),
      await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId }),
    ]) {
      expect(ids(await t.request('GET', '/v1/customers', { token: user.token }))).toEqual([]);
      expect(ids(await t.request('GET', '/v1/customers?email=shared@example.com', { token: user.token }))).toEqual([]);
    }
  });
});

describe('GET /v1/customers within the merchant: store and branch users list only the customers of their store or branch', () => {
  let placed: Placed;
  beforeAll(async () => {
    placed = await placeCustomers(t);
  });
  /** What the caller may see, newest first. */
  const visible = (caller: CallerName) => PLACED_NAMES.filter((name) => canSee(caller, name)).reverse().map((name) => placed.customers[name].id);
  const list = (caller: CallerName, query: string) => t.request('GET', `/v1/customers?${query}`, { token: placed.tokens[caller] });

  it.each(CALLERS)('lists to the %s exactly the customers it may see, each once', async (caller) => {
    const res = await list(caller, 'limit=100');
    expect(ids(res)).toEqual(visible(caller));
    expect(res.body.has_more).toBe(false);
  });

  for (const caller of CALLERS) {
    for (const name of PLACED_NAMES) {
      const shown = canSee(caller, name);
      it(`${shown ? 'finds' : 'does not find'} by email, for the ${caller}, the customer ${name}`, async () => {
        const res = await list(caller, `email=${encodeURIComponent(placed.customers[name].email)}`);
        expect(ids(res)).toEqual(shown ? [placed.customers[name].id] : []);
      });
    }
  }

  it.each(CALLERS)('pages the %s through the same customers one at a time, forwards and backwards', async (caller) => {
    const forwards: string[] = [];
    let res = await list(caller, 'limit=1');
    for (;;) {
      forwards.push(...ids(res));
      if (!res.body.has_more) break;
      res = await list(caller, `limit=1&starting_after=${forwards.at(-1)}`);
    }
    expect(forwards).toEqual(visible(caller));

    const backwards: string[] = [forwards.at(-1)!];
    for (;;) {
      res = await list(caller, `limit=1&ending_before=${backwards[0]}`);
      backwards.unshift(...ids(res));
      if (!res.body.has_more) break;
    }
    expect(backwards).toEqual(visible(caller));
  });

  it('refuses a store user the cursor of a customer it cannot see, as an unknown one', async () => {
    const hidden = placed.customers['placed in another store'].id;
    for (const query of [`starting_after=${hidden}`, `ending_before=${hidden}`]) {
      const res = await list('store user', query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: 'resource_missing', message: `has no such customer: '${hidden}'` });
    }
  });
});
