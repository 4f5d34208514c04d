import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/customers: whose customers', () => {
  it("lists only the key's merchant and mode", async () => {
    const mine = (await glomopay(t, 'POST', '/api/v1/customers', { body: { name: 'Mine' } })).body;
    const other = await t.newMerchant();
    await glomopay(t, 'POST', '/api/v1/customers', { key: other.token, body: { name: 'Theirs' } });
    await glomopay(t, 'POST', '/api/v1/customers', { key: t.merchant.live, body: { name: 'Live' } });
    const list = await glomopay(t, 'GET', '/api/v1/customers');
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect(list.body.page_meta.count).toBe(1);
    expect((await glomopay(t, 'GET', '/api/v1/customers', { key: t.merchant.live })).body.data.map((c: { name: string }) => c.name)).toEqual(['Live']);
  });

  it('needs a key, and refuses a page that is not a positive integer with 400', async () => {
    const res = await glomopay(t, 'GET', '/api/v1/customers', { key: null });
    expect([res.status, Object.keys(res.body)]).toEqual([401, ['message']]);
    const bad = await glomopay(t, 'GET', '/api/v1/customers?page=0');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Bad Request', message: expect.stringMatching(/^page must be >= 1/) });
  });
});
