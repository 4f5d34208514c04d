import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('checkout settings are for API keys and owners, per merchant and mode', () => {
  it('store and branch users get 403; owners may', async () => {
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    for (const user of [storeUser!, branchUser!]) {
      expectProblem(await t.request('GET', '/v1/settings/checkout', { token: user.token }), 403, 'forbidden');
      expectProblem(await t.request('POST', '/v1/settings/checkout', { token: user.token, body: { display_name: 'Mine' } }), 403, 'forbidden');
    }
    expect((await t.request('POST', '/v1/settings/checkout', { token: owner!.token, body: { display_name: 'Owner set' } })).status).toBe(200);
  });

  it('another merchant and the live mode see their own', async () => {
    const other = await t.newMerchant();
    await t.request('POST', '/v1/settings/checkout', { token: other.token, body: { display_name: 'Other test' } });
    expect((await t.request('GET', '/v1/settings/checkout', { token: other.live })).body.display_name).toBeNull();
    expect((await t.request('GET', '/v1/settings/checkout', { token: other.token })).body.display_name).toBe('Other test');
    expect((await t.request('GET', '/v1/settings/checkout')).body.display_name).not.toBe('Other test');
  });

  it('need a credential', async () => {
    expectProblem(await t.request('GET', '/v1/settings/checkout', { token: null }), 401, 'authentication_required');
  });
});
