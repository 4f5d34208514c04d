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
    const pagedPastTheirs = await t.request('GET', `/v1/orders?starting_after=${theirs.body.id}&limit=100`);
    expect(pagedPastTheirs.body.data.map((o: { id: string }) => o.id)).not.toContain(theirs.body.id);
    expect(pagedPastTheirs.body.data.map((o: { id: string }) => o.id)).not.toContain(live.body.id);
  });

  it('requires credentials', async () => {
    const res = await t.request('GET', '/v1/orders', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
