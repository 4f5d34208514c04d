import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Glomopay webhook settings: refusals in flat {error, message}', () => {
  it.each([
    [{}, 'url is required'],
    [{ url: 'not a url' }, /^url must be an absolute URL/],
    [{ url: 'ftp://example.com/hook' }, 'url must be an https URL'],
    [{ url: 'https://example.com/hook', secret: 'short' }, /^secret must NOT have fewer than 16 characters/],
  ])('refuses %j with 400, setting nothing', async (body, message) => {
    const res = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Object.keys(res.body)).toEqual(['error', 'message']);
    expect(res.body.error).toBe('Bad Request');
    if (typeof message === 'string') expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
  });

  it('needs https and a public address for a live key; 404 when there is nothing to read or delete', async () => {
    const live = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { key: t.merchant.live, body: { url: 'http://127.0.0.1:9/hook' } });
    expect(live.status).toBe(400);
    expect(live.body.message).toMatch(/^url must be an https URL/);
    expect(await glomopay(t, 'GET', '/api/v1/webhook_settings').then((r) => [r.status, r.body])).toEqual([404, { error: 'Not Found', message: 'Webhook not found' }]);
    expect((await glomopay(t, 'DELETE', '/api/v1/webhook_settings')).status).toBe(404);
  });
});
