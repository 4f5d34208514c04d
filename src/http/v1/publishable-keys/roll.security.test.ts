import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const activeKey = async (token: string) => (await t.request('GET', '/v1/publishable_keys', { token })).body.data[0].key as string;

describe('publishable keys', () => {
  it('are rolled, revoked and listed by API keys and owner users only: store and branch users get 403', async () => {
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    expect((await t.request('GET', '/v1/publishable_keys', { token: owner!.token })).status).toBe(200);
    const key = await activeKey(t.merchant.token);
    for (const user of [storeUser!, branchUser!]) {
      expectProblem(await t.request('GET', '/v1/publishable_keys', { token: user.token }), 403, 'forbidden');
      expectProblem(await t.request('POST', '/v1/publishable_keys/roll', { token: user.token, body: {} }), 403, 'forbidden');
      expectProblem(await t.request('POST', `/v1/publishable_keys/${key}/revoke`, { token: user.token }), 403, 'forbidden');
    }
    expect(await activeKey(t.merchant.token)).toBe(key);
  });

  it("of another merchant or the other mode are 404, and a publishable key cannot roll or revoke one", async () => {
    const other = await t.newMerchant();
    const theirs = await activeKey(other.token);
    const live = await activeKey(t.merchant.live);
    expectProblem(await t.request('POST', `/v1/publishable_keys/${theirs}/revoke`), 404, 'resource_missing');
    expectProblem(await t.request('POST', `/v1/publishable_keys/${live}/revoke`), 404, 'resource_missing');
    expectProblem(await t.request('POST', '/v1/publishable_keys/roll', { token: theirs, body: {} }), 403, 'forbidden');
    expectProblem(await t.request('POST', `/v1/publishable_keys/${theirs}/revoke`, { token: theirs }), 403, 'forbidden');
    expect(await activeKey(other.token)).toBe(theirs);
    expect(await activeKey(t.merchant.live)).toBe(live);
    // A roll in test mode leaves the live key alone.
    await t.request('POST', '/v1/publishable_keys/roll', { body: { overlap_seconds: 0 } });
    expect(await activeKey(t.merchant.live)).toBe(live);
  });

  it('revoked twice is 409; a malformed key 400', async () => {
    const key = await activeKey(t.merchant.token);
    expect((await t.request('POST', `/v1/publishable_keys/${key}/revoke`)).status).toBe(200);
    expectProblem(await t.request('POST', `/v1/publishable_keys/${key}/revoke`), 409, 'invalid_state_transition');
    expectProblem(await t.request('POST', '/v1/publishable_keys/sk_test_nope/revoke'), 400, 'validation_error');
  });
});
