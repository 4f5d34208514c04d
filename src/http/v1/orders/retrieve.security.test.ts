import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/orders/:id: another tenant, store or branch sees 404', () => {
  it("answers another merchant's order exactly like a missing one", async () => {
    const other = await t.newMerchant();
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() });
    const res = await t.request('GET', `/v1/orders/${theirs.body.id}`);
    const missing = await t.request('GET', '/v1/orders/ord_00000000000000000000000000');
    expect(res.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(res.body.code).toBe('resource_missing');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(missing.body).sort());
    expect(JSON.stringify(res.body)).not.toContain(other.merchantId);
  });

  it('answers each of many lookups sent at once with its own order or 404', async () => {
    // Lookups that arrive together are read in one query; none may see another's answer.
    const other = await t.newMerchant();
    const mine = await Promise.all(Array.from({ length: 8 }, (_, i) => t.request('POST', '/v1/orders', { body: orderBody({ reference: `mine-${i}` }) })));
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() });
    const lookups = [
      ...mine.map((o) => ({ token: t.merchant.token, id: o.body.id as string, expected: o.body })),
      ...mine.slice(0, 3).map((o) => ({ token: other.token, id: o.body.id as string, expected: null })),
      ...mine.slice(0, 2).map((o) => ({ token: t.merchant.live, id: o.body.id as string, expected: null })),
      { token: t.merchant.token, id: theirs.body.id as string, expected: null },
      { token: other.token, id: theirs.body.id as string, expected: theirs.body },
      { token: t.merchant.token, id: 'ord_00000000000000000000000000', expected: null },
    ];
    const answers = await Promise.all(lookups.map(({ token, id }) => t.request('GET', `/v1/orders/${id}`, { token })));
    answers.forEach((res, i) => {
      const { expected } = lookups[i]!;
      if (expected) expect(res.body).toEqual(expected);
      else expect([res.status, res.body.code]).toEqual([404, 'resource_missing']);
    });
  });

  it("hides other stores' and branches' orders from store and branch users", async () => {
    const m = t.merchant.merchantId;
    const storeA = await t.newStore(m);
    const storeB = await t.newStore(m);
    const branchA1 = await t.newBranch(m, storeA.storeId);
    const branchA2 = await t.newBranch(m, storeA.storeId);
    const inA1 = await t.request('POST', '/v1/orders', { body: orderBody({ branch: branchA1.id }) });
    const inA2 = await t.request('POST', '/v1/orders', { body: orderBody({ branch: branchA2.id }) });
    const inB = await t.request('POST', '/v1/orders', { body: orderBody({ store: storeB.id }) });
    const unplaced = await t.request('POST', '/v1/orders', { body: orderBody() });

    const storeUserA = await t.newUser(m, 'store', { storeId: storeA.storeId });
    const branchUserA1 = await t.newUser(m, 'branch', { branchId: branchA1.branchId });
    const status = async (token: string, order: { body: { id: string } }) => (await t.request('GET', `/v1/orders/${order.body.id}`, { token })).status;

    expect(await Promise.all([inA1, inA2, inB, unplaced].map((o) => status(storeUserA.token, o)))).toEqual([200, 200, 404, 404]);
    expect(await Promise.all([inA1, inA2, inB, unplaced].map((o) => status(branchUserA1.token, o)))).toEqual([200, 404, 404, 404]);
    expect(await Promise.all([inA1, inA2, inB, unplaced].map((o) => status(t.merchant.token, o)))).toEqual([200, 200, 200, 200]);

    const listed = await t.request('GET', '/v1/orders?limit=100', { token: branchUserA1.token });
    expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([inA1.body.id]);
    const cancel = await t.request('POST', `/v1/orders/${inB.body.id}/cancel`, { token: storeUserA.token });
    expect(cancel.status).toBe(404);
  });

  it('answers ids of the wrong kind or shape with 404, never 500', async () => {
    for (const id of ['cus_00000000000000000000000000', 'ord_zzzzzzzzzzzzzzzzzzzzzzzzzz', 'ord_', 'not-an-id', '%00', "1' OR '1'='1"]) {
      const res = await t.request('GET', `/v1/orders/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(404);
    }
  });
});
