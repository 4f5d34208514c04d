import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('payment settings and the balance are for API keys and owners', () => {
  it('store and branch users get 403 on every route; owners see the merchant\'s', async () => {
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    for (const user of [storeUser!, branchUser!]) {
      for (const [method, url] of [['GET', '/v1/settings/payments'], ['POST', '/v1/settings/payments'], ['GET', '/v1/balance'], ['GET', '/v1/balance_transactions']]) {
        expectProblem(await t.request(method!, url!, { token: user.token, body: method === 'POST' ? { monitoring_window_hours: 1 } : undefined }), 403, 'forbidden');
      }
    }
    expect((await t.request('POST', '/v1/settings/payments', { token: owner!.token, body: { monitoring_window_hours: 2 } })).status).toBe(200);
    expect((await t.request('GET', '/v1/settings/payments')).body.monitoring_window_hours).toBe(2);
  });

  it('each merchant and mode has its own settings', async () => {
    const other = await t.newMerchant();
    await t.request('POST', '/v1/settings/payments', { token: other.token, body: { monitoring_window_hours: 5 } });
    expect((await t.request('GET', '/v1/settings/payments', { token: other.live })).body.monitoring_window_hours).toBe(24);
    expect((await t.request('GET', '/v1/settings/payments', { token: other.token })).body.monitoring_window_hours).toBe(5);
    expect((await t.request('GET', '/v1/settings/payments')).body.monitoring_window_hours).not.toBe(5);
  });

  it('need a credential', async () => {
    for (const url of ['/v1/settings/payments', '/v1/balance', '/v1/balance_transactions']) {
      expectProblem(await t.request('GET', url, { token: null }), 401, 'authentication_required');
    }
  });
});
