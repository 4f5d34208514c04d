import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
let ids: string[];
beforeAll(async () => {
  t = await startTestApp();
  ids = [];
  for (let i = 0; i < 3; i++) ids.push((await t.request('POST', '/v1/orders', { body: orderBody() })).body.id);
});
afterAll(() => t.close());

describe('GET /v1/orders refuses cursors it cannot page from', () => {
  it('refuses starting_after with ending_before, saying to page one way', async () => {
    const res = await t.request('GET', `/v1/orders?starting_after=${ids[2]}&ending_before=${ids[0]}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/ending_before', in: 'query', code: 'conflict' })]);
    expect(res.body.detail).toContain('cannot be sent with starting_after');
  });

  it('refuses a cursor naming no order of the caller: unknown, another merchant\'s, the other mode\'s', async () => {
    const other = await t.newMerchant();
    const othersOrder = (await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() })).body.id;
    const liveOrder = (await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody() })).body.id;
    for (const [param, id] of [
      ['starting_after', 'ord_01jd0000000000000000000000'],
      ['ending_before', othersOrder],
      ['starting_after', liveOrder],
    ]) {
      const res = await t.request('GET', `/v1/orders?${param}=${id}`);
      expect(res.status, `${param}=${id}`).toBe(400);
      expect(res.body.errors).toEqual([{ path: `/${param}`, in: 'query', code: 'resource_missing', message: `has no such order: '${id}'` }]);
    }
  });

  it('refuses a cursor outside a store user\'s store, and pages from one inside it', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const user = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const own = (await t.request('POST', '/v1/orders', { token: user.token, body: orderBody() })).body.id;
    const outside = await t.request('GET', `/v1/orders?starting_after=${ids[1]}`, { token: user.token });
    expect(outside.status).toBe(400);
    const inside = await t.request('GET', `/v1/orders?ending_before=${own}`, { token: user.token });
    expect(inside.status).toBe(200);
    expect(inside.body.data).toEqual([]);
  });
});
