import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

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

  it("does not page across merchants from another merchant's cursor", async () => {
    const res = await t.request('GET', `/v1/customers?ending_before=${theirs.id}`, { token: t.merchant.token });
    expect(res.status).toBe(200);
    expect(ids(res)).not.toContain(theirs.id);
    const after = await t.request('GET', `/v1/customers?starting_after=${theirs.id}`);
    expect(ids(after)).not.toContain(theirs.id);
  });

  it('lists test customers to test keys and live customers to live keys only', async () => {
    expect(ids(await t.request('GET', '/v1/customers'))).toEqual([mine.id]);
    expect(ids(await t.request('GET', '/v1/customers', { token: t.merchant.live }))).toEqual([mineLive.id]);
    const live = await t.request('GET', '/v1/customers', { token: t.merchant.live });
    expect(live.body.data.every((c: { livemode: boolean }) => c.livemode)).toBe(true);
  });

  it('lists the same customers to every user of the merchant, per mode', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const liveOwner = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    expect(ids(await t.request('GET', '/v1/customers', { token: storeUser.token }))).toEqual([mine.id]);
    expect(ids(await t.request('GET', '/v1/customers', { token: liveOwner.token }))).toEqual([mineLive.id]);
  });
});
