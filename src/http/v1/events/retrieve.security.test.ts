import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code);
  expect(res.body.data).toBeUndefined();
}

const latestEvent = async (token: string) => (await t.request('GET', '/v1/events?limit=1', { token })).body.data[0] as { id: string };

describe('GET /v1/events/:id access', () => {
  let testEvent: { id: string }, liveEvent: { id: string };
  beforeAll(async () => {
    await t.request('POST', '/v1/customers', { body: { name: 'Secret name' } });
    testEvent = await latestEvent(t.merchant.token);
    await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Secret live name' } });
    liveEvent = await latestEvent(t.merchant.live);
  });

  it('refuses a request without Authorization with 401 authentication_required', async () => {
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: null }), 401, 'authentication_required');
  });

  it('refuses a garbage key and a revoked key with 401 invalid_credentials', async () => {
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: 'garbage' }), 401, 'invalid_credentials');
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: secret }), 401, 'invalid_credentials');
  });

  it('refuses store and branch users with 403 forbidden', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const branchUser = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId });
    for (const user of [storeUser, branchUser]) {
      const res = await t.request('GET', `/v1/events/${testEvent.id}`, { token: user.token });
      expectProblem(res, 403, 'forbidden');
      expect(JSON.stringify(res.body)).not.toContain('Secret');
      // Forbidden regardless of the id, so a 403 tells nothing about whether an event exists.
      expectProblem(await t.request('GET', '/v1/events/evt_0000000000000000000000000a', { token: user.token }), 403, 'forbidden');
    }
  });

  it("answers 404 (never 403) for another merchant's event", async () => {
    const other = await t.newMerchant();
    const res = await t.request('GET', `/v1/events/${testEvent.id}`, { token: other.token });
    expectProblem(res, 404, 'resource_missing');
    expect(JSON.stringify(res.body)).not.toContain('Secret');
    const otherOwner = await t.newUser(other.merchantId, 'owner');
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: otherOwner.token }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/events/${liveEvent.id}`, { token: other.live }), 404, 'resource_missing');
  });

  it('answers 404 to a live caller for a test event and to a test caller for a live event', async () => {
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: t.merchant.live }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/events/${liveEvent.id}`), 404, 'resource_missing');
    const liveOwner = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    expectProblem(await t.request('GET', `/v1/events/${testEvent.id}`, { token: liveOwner.token }), 404, 'resource_missing');
    expect((await t.request('GET', `/v1/events/${liveEvent.id}`, { token: liveOwner.token })).status).toBe(200);
  });
});
