import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


const customerCount = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM customers'))[0]!.n);

describe('POST /v1/customers authentication', () => {
  it('refuses a request without Authorization with 401 authentication_required, creating nothing', async () => {
    const res = await t.request('POST', '/v1/customers', { token: null, body: { name: 'Anonymous' } });
    expectProblem(res, 401, 'authentication_required');
    expect(await customerCount()).toBe(0);
  });

  it.each([
    ['a non-Bearer scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['an empty Bearer', 'Bearer '],
  ])('refuses %s with 401 authentication_required', async (_name, authorization) => {
    const res = await t.request('POST', '/v1/customers', { token: null, body: {}, headers: { authorization } });
    expectProblem(res, 401, 'authentication_required');
  });

  it.each([
    ['a garbage key', 'sk_test_garbage'],
    ['a garbage token', 'not-a-token'],
    ['a JWT-looking token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses %s with 401 invalid_credentials', async (_name, token) => {
    const res = await t.request('POST', '/v1/customers', { token, body: { name: 'Forged' } });
    expectProblem(res, 401, 'invalid_credentials');
    expect(await customerCount()).toBe(0);
  });

  it('refuses a well-formed key for a real merchant that was never issued', async () => {
    const forged = `${t.merchant.token.slice(0, -32)}${'0'.repeat(32)}`;
    expect(forged).toHaveLength(t.merchant.token.length);
    expectProblem(await t.request('POST', '/v1/customers', { token: forged, body: {} }), 401, 'invalid_credentials');
  });

  it('refuses a test key whose mode prefix was changed to live', async () => {
    const relabeled = t.merchant.token.replace(/^sk_test_/, 'sk_live_');
    expectProblem(await t.request('POST', '/v1/customers', { token: relabeled, body: {} }), 401, 'invalid_credentials');
  });

  it('refuses a revoked key', async () => {
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'to revoke');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('POST', '/v1/customers', { token: secret, body: {} }), 401, 'invalid_credentials');
    expect(await customerCount()).toBe(0);
  });

  it('refuses a key revoked after use once its cached lookup expires (10 s)', async () => {
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked later');
    expect((await t.request('POST', '/v1/customers', { token: secret, body: { name: 'Before' } })).status).toBe(201);
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    t.clock.advance(11_000);
    expectProblem(await t.request('POST', '/v1/customers', { token: secret, body: { name: 'After' } }), 401, 'invalid_credentials');
  });
});

describe('POST /v1/customers confinement', () => {
  it('creates in the caller merchant and mode only', async () => {
    const other = await t.newMerchant();
    const created = await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Theirs' } });
    expect(created.status).toBe(201);
    expect(created.body.livemode).toBe(false);
    expectProblem(await t.request('GET', `/v1/customers/${created.body.id}`), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/customers/${created.body.id}`, { token: other.live }), 404, 'resource_missing');
  });

  it('refuses attempts to choose the merchant or mode in the body', async () => {
    const res = await t.request('POST', '/v1/customers', { body: { name: 'X', livemode: true, merchant: 'mer_x' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/livemode', '/merchant']);
  });

  it('keeps Idempotency-Keys apart per merchant: the same key at another merchant creates its own customer', async () => {
    const other = await t.newMerchant();
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await t.request('POST', '/v1/customers', { body: { name: 'Same' }, headers });
    const theirs = await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Same' }, headers });
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expectProblem(await t.request('GET', `/v1/customers/${theirs.body.id}`), 404, 'resource_missing');
  });

  it('keeps Idempotency-Keys apart per mode', async () => {
    const headers = { 'idempotency-key': 'mode-key' };
    const test = await t.request('POST', '/v1/customers', { body: { name: 'Same' }, headers });
    const live = await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Same' }, headers });
    expect(live.status).toBe(201);
    expect(live.body.livemode).toBe(true);
    expect(live.body.id).not.toBe(test.body.id);
  });
});

describe('POST /v1/customers placement: where a customer lands decides which store and branch users see it', () => {
  let storeA: { id: string }, storeB: { id: string }, branchA1: { id: string }, branchA2: { id: string }, branchB1: { id: string };
  let users: Record<'owner' | 'store A' | 'branch A1' | 'store B', string>;
  beforeAll(async () => {
    const merchantId = t.merchant.merchantId;
    const a = await t.newStore(merchantId);
    const b = await t.newStore(merchantId);
    const a1 = await t.newBranch(merchantId, a.storeId);
    storeA = a;
    storeB = b;
    branchA1 = a1;
    branchA2 = await t.newBranch(merchantId, a.storeId);
    branchB1 = await t.newBranch(merchantId, b.storeId);
    users = {
      owner: (await t.newUser(merchantId, 'owner')).token,
      'store A': (await t.newUser(merchantId, 'store', { storeId: a.storeId })).token,
      'branch A1': (await t.newUser(merchantId, 'branch', { branchId: a1.branchId })).token,
      'store B': (await t.newUser(merchantId, 'store', { storeId: b.storeId })).token,
    };
  });

  const create = async (token: string, body: Record<string, unknown>) => {
    const res = await t.request('POST', '/v1/customers', { token, body: { name: 'Placed', ...body } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Which users can read the customer. */
  const seenBy = async (id: string) => {
    const seen: string[] = [];
    for (const [user, token] of Object.entries(users)) {
      if ((await t.request('GET', `/v1/customers/${id}`, { token })).status === 200) seen.push(user);
    }
    return seen;
  };

  it("places a store user's customer in its store, or a branch of it that it names, and a branch user's in its branch", async () => {
    expect(await seenBy(await create(users['store A'], {}))).toEqual(['owner', 'store A']);
    expect(await seenBy(await create(users['store A'], { branch: branchA1.id }))).toEqual(['owner', 'store A', 'branch A1']);
    expect(await seenBy(await create(users['branch A1'], {}))).toEqual(['owner', 'store A', 'branch A1']);
    expect(await seenBy(await create(users['branch A1'], { store: storeA.id, branch: branchA1.id }))).toEqual(['owner', 'store A', 'branch A1']);
  });

  it('lets an owner or an API key place a customer in the store or branch it names', async () => {
    expect(await seenBy(await create(users.owner, { store: storeA.id }))).toEqual(['owner', 'store A']);
    expect(await seenBy(await create(t.merchant.token, { branch: branchA1.id }))).toEqual(['owner', 'store A', 'branch A1']);
    expect(await seenBy(await create(t.merchant.token, { store: storeB.id, branch: branchB1.id }))).toEqual(['owner', 'store B']);
  });

  it("leaves an owner's or API key's customer merchant-wide when it names no place: owners only", async () => {
    expect(await seenBy(await create(users.owner, {}))).toEqual(['owner']);
    expect(await seenBy(await create(t.merchant.token, {}))).toEqual(['owner']);
  });

  it('refuses a store or branch user placing a customer outside its store or branch, creating nothing', async () => {
    const before = await customerCount();
    const refusals: Array<[token: string, body: Record<string, string>, path: string]> = [
      [users['store A'], { store: storeB.id }, '/store'],
      [users['store A'], { branch: branchB1.id }, '/branch'],
      [users['branch A1'], { branch: branchA2.id }, '/branch'],
      [users['branch A1'], { store: storeB.id }, '/store'],
    ];
    for (const [token, body, path] of refusals) {
      const res = await t.request('POST', '/v1/customers', { token, body });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors).toEqual([expect.objectContaining({ path, code: 'resource_missing' })]);
    }
    expect(await customerCount()).toBe(before);
  });

  it("refuses another merchant's store or branch, a branch of another store, and ids of the wrong kind", async () => {
    const other = await t.newMerchant();
    const theirStore = await t.newStore(other.merchantId);
    const theirBranch = await t.newBranch(other.merchantId, theirStore.storeId);
    const before = await customerCount();
    const refusals: Array<[body: Record<string, string>, path: string]> = [
      [{ store: theirStore.id }, '/store'],
      [{ branch: theirBranch.id }, '/branch'],
      [{ store: storeA.id, branch: branchB1.id }, '/branch'],
      [{ store: branchA1.id }, '/store'],
    ];
    for (const [body, path] of refusals) {
      const res = await t.request('POST', '/v1/customers', { body });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path, code: 'resource_missing' })]);
    }
    expect(await customerCount()).toBe(before);
  });
});
