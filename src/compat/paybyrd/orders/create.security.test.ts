import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const body = { isoAmount: 5000, currency: 'EUR', orderRef: 'sec' };

describe('POST /compat/paybyrd/api/v2/orders: who may create', () => {
  it.each<[string, { key: string | null; headers?: Record<string, string> }]>([
    ['no key', { key: null }],
    ['a key that is no key', { key: 'e901d7fa-a41a-4c93-bc53-7a08cd72aff4' }],
    ['a revoked-looking key', { key: 'sk_test_notarealkey' }],
    ['the key as Authorization instead of x-api-key', { key: null, headers: { authorization: 'Bearer KEY' } }],
  ])('refuses %s with 401 BYRD401, writing nothing', async (_name, call) => {
    const before = await t.request('GET', '/v1/orders');
    const headers = Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k, v.replace('KEY', t.merchant.token)]));
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { ...call, headers, body });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'BYRD401', description: 'Resource access unauthorized' });
    expect((await t.request('GET', '/v1/orders')).body.data).toHaveLength(before.body.data.length);
  });

  it('refuses a user access token in x-api-key', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { key: owner.token, body });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('BYRD401');
  });

  it('takes the header in any letter case', async () => {
    for (const name of ['X-Api-Key', 'X-API-KEY', 'x-API-key']) {
      const res = await paybyrd(t, 'POST', '/api/v2/orders', { key: null, headers: { [name]: t.merchant.token }, body });
      expect(res.status).toBe(201);
    }
  });

  it('lets the key decide the mode: a live key makes a live order the test key cannot see', async () => {
    const live = await paybyrd(t, 'POST', '/api/v2/orders', { key: t.merchant.live, body });
    expect(live.status).toBe(201);
    const v1Live = await t.request('GET', `/v1/orders/${v1OrderId(live.body.orderId)}`, { token: t.merchant.live });
    expect(v1Live.body.livemode).toBe(true);
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${live.body.orderId}`)).status).toBe(404);
    expect((await t.request('GET', `/v1/orders/${v1OrderId(live.body.orderId)}`)).status).toBe(404);
  });

  it("keeps a merchant's orders from another merchant", async () => {
    const other = await t.newMerchant();
    const mine = await paybyrd(t, 'POST', '/api/v2/orders', { body });
    const theirs = await paybyrd(t, 'GET', `/api/v2/orders/${mine.body.orderId}`, { key: other.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('BYRD901');
  });
});
