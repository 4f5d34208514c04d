import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/orders lists only what the caller may see', () => {
  it("never lists another merchant's or the other mode's orders, even when filtering for them", async () => {
    const other = await t.newMerchant();
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody({ reference: 'same-ref' }) });
    const live = await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody({ reference: 'same-ref' }) });
    const mine = await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'same-ref' }) });
    const listed = await t.request('GET', '/v1/orders?reference=same-ref&limit=100');
    expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([mine.body.id]);
    for (const cursor of [theirs.body.id, live.body.id]) {
      const pagedPast = await t.request('GET', `/v1/orders?starting_after=${cursor}&limit=100`);
      expect(pagedPast.status).toBe(400);
      expect(pagedPast.body.errors[0]).toMatchObject({ path: '/starting_after', code: 'resource_missing' });
    }
  });

  it('requires credentials', async () => {
    const res = await t.request('GET', '/v1/orders', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
