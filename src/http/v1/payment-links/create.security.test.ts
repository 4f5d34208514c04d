import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('payment links belong to their merchant and mode; API keys and owners only', () => {
  it("another merchant's link, and the other mode's, are 404; store and branch users get 403", async () => {
    const link = (await t.request('POST', '/v1/payment_links', { body: { amount: 100, currency: 'BRL' } })).body;
    const other = await t.newMerchant();
    for (const token of [other.token, t.merchant.live]) {
      expectProblem(await t.request('GET', `/v1/payment_links/${link.id}`, { token }), 404, 'resource_missing');
      expectProblem(await t.request('POST', `/v1/payment_links/${link.id}/deactivate`, { token, body: {} }), 404, 'resource_missing');
      expect((await t.request('GET', '/v1/payment_links', { token })).body.data).toEqual([]);
    }
    const [, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    for (const user of [storeUser!, branchUser!]) {
      expectProblem(await t.request('POST', '/v1/payment_links', { token: user.token, body: { amount: 100, currency: 'BRL' } }), 403, 'forbidden');
      expectProblem(await t.request('GET', '/v1/payment_links', { token: user.token }), 403, 'forbidden');
    }
    expect((await t.request('GET', `/v1/payment_links/${link.id}`)).body.active).toBe(true);
  });

  it('need a credential; the short URL needs none', async () => {
    expectProblem(await t.request('GET', '/v1/payment_links', { token: null }), 401, 'authentication_required');
    expectProblem(await t.request('POST', '/v1/payment_links', { token: null, body: { amount: 100, currency: 'BRL' } }), 401, 'authentication_required');
    const link = (await t.request('POST', '/v1/payment_links', { body: { amount: 100, currency: 'BRL' } })).body;
    expect((await t.app.inject({ url: new URL(link.url).pathname })).statusCode).toBe(303);
  });
});
