import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code, '/v1/events');
  expect(res.body.data).toBeUndefined();
}

const objectIds = (res: Response) => (res.body.data as Array<{ data: { object: { id: string } } }>).map((e) => e.data.object.id);

describe('GET /v1/events access', () => {
  let mine: { id: string }, mineLive: { id: string }, theirs: { id: string };
  let other: Awaited<ReturnType<TestApp['newMerchant']>>;
  beforeAll(async () => {
    mine = (await t.request('POST', '/v1/customers', { body: { name: 'Mine' } })).body;
    mineLive = (await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Mine live' } })).body;
    other = await t.newMerchant();
    theirs = (await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Theirs' } })).body;
  });

  it('refuses a request without Authorization with 401 authentication_required', async () => {
    expectProblem(await t.request('GET', '/v1/events', { token: null }), 401, 'authentication_required');
  });

  it('refuses a garbage key and a revoked key with 401 invalid_credentials', async () => {
    expectProblem(await t.request('GET', '/v1/events', { token: 'sk_test_nope' }), 401, 'invalid_credentials');
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('GET', '/v1/events', { token: secret }), 401, 'invalid_credentials');
  });

  it('refuses store and branch users with 403 forbidden: events span every store', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const branchUser = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId });
    for (const user of [storeUser, branchUser]) {
      expectProblem(await t.request('GET', '/v1/events', { token: user.token }), 403, 'forbidden');
      expectProblem(await t.request('GET', `/v1/events?object=${mine.id}`, { token: user.token }), 403, 'forbidden');
    }
    const liveStoreUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId }, true);
    expectProblem(await t.request('GET', '/v1/events', { token: liveStoreUser.token }), 403, 'forbidden');
  });

  it("never lists another merchant's events, even when asked for its object", async () => {
    expect(objectIds(await t.request('GET', '/v1/events'))).toEqual([mine.id]);
    const asked = await t.request('GET', `/v1/events?object=${theirs.id}`);
    expect(asked.status).toBe(200);
    expect(asked.body.data).toEqual([]);
    expect(objectIds(await t.request('GET', '/v1/events', { token: other.token }))).toEqual([theirs.id]);
  });

  it("does not leak another merchant's events through a cursor", async () => {
    const [theirEvent] = (await t.request('GET', '/v1/events', { token: other.token })).body.data;
    // Their event is no cursor of the caller's: refused, as an unknown id is, so nothing of theirs is paged to.
    for (const param of ['ending_before', 'starting_after']) {
      const res = await t.request('GET', `/v1/events?${param}=${theirEvent.id}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: `/${param}`, in: 'query', code: 'resource_missing', message: `has no such event: '${theirEvent.id}'` }]);
      expect(JSON.stringify(res.body)).not.toContain(theirs.id);
    }
  });

  it('lists test events to test callers and live events to live callers', async () => {
    expect(objectIds(await t.request('GET', '/v1/events', { token: t.merchant.live }))).toEqual([mineLive.id]);
    expect((await t.request('GET', `/v1/events?object=${mineLive.id}`)).body.data).toEqual([]);
    expect((await t.request('GET', `/v1/events?object=${mine.id}`, { token: t.merchant.live })).body.data).toEqual([]);
    const liveOwner = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    expect(objectIds(await t.request('GET', '/v1/events', { token: liveOwner.token }))).toEqual([mineLive.id]);
  });
});
