import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Glomopay webhook settings: keys, tenants and modes', () => {
  it('answers 401 {message} without a valid Bearer key, writing nothing', async () => {
    expect(await glomopay(t, 'PUT', '/api/v1/webhook_settings', { key: null, body: { url: 'https://example.com/hook' } }).then((r) => [r.status, r.body])).toEqual([
      401,
      { message: 'Authorization header with a Bearer secret key is required' },
    ]);
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings', { key: 'sk_test_wrong' })).status).toBe(401);
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
  });

  it("keeps each merchant's and each mode's webhook and secret apart", async () => {
    const mine = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { body: { url: 'http://127.0.0.1:9/mine' } });
    expect(mine.status).toBe(200);
    const other = await t.newMerchant();
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings', { key: other.token })).status).toBe(404);
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings', { key: t.merchant.live })).status).toBe(404);
    expect((await glomopay(t, 'DELETE', '/api/v1/webhook_settings', { key: other.token })).status).toBe(404);
    const theirs = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { key: other.token, body: { url: 'http://127.0.0.1:9/theirs' } });
    expect(theirs.body.secret).not.toBe(mine.body.secret);
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings')).body).toEqual(mine.body);
  });
});
