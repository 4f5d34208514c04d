import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../src/domain/ids.js';
import { inProcessCli } from './cli-in-process.js';
import { startTestApp, type TestApp } from './helpers.js';

/** `payorders checkout-settings show|set` on the test app's store, seen through /v1 and the checkout page right after. */

let t: TestApp;
let cli: ReturnType<typeof inProcessCli>;
beforeAll(async () => {
  t = await startTestApp();
  cli = inProcessCli(t);
});
afterAll(() => t.close());

describe('payorders checkout-settings', () => {
  it('shows the defaults and sets the branding the API shows and the checkout uses', async () => {
    const merchant = encodeId('merchant', t.merchant.merchantId);
    const shown = await cli('checkout-settings', 'show', '--merchant', merchant, '--mode', 'test');
    expect(shown.json).toMatchObject({ object: 'checkout_settings', livemode: false, display_name: null, max_attempts: 5 });
    const set = await cli('checkout-settings', 'set', '--merchant', merchant, '--mode', 'test', JSON.stringify({ display_name: 'Loja Verde', accent_color: '#0a7d4f', frame_ancestors: ['https://loja.example'] }));
    expect(set.code, set.stderr).toBe(0);
    expect(set.json).toMatchObject({ display_name: 'Loja Verde', accent_color: '#0a7d4f', accent_color_used: '#0a7d4f', frame_ancestors: ['https://loja.example'] });
    expect((await t.request('GET', '/v1/settings/checkout')).body).toEqual(set.json);
    const order = await t.request('POST', '/v1/orders', { body: { amount: 1000, currency: 'BRL' } });
    const page = await t.app.inject({ url: new URL(order.body.checkout_url).pathname });
    expect(page.body).toContain('<p class="merchant">Loja Verde</p>');
    expect(page.headers['content-security-policy']).toContain('frame-ancestors https://loja.example');
  });

  it('refuses what the API refuses, naming the field, and changes nothing', async () => {
    const merchant = encodeId('merchant', t.merchant.merchantId);
    const bad = await cli('checkout-settings', 'set', '--merchant', merchant, '--mode', 'live', '{"frame_ancestors": ["*"]}');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/frame_ancestors/);
    const notJson = await cli('checkout-settings', 'set', '--merchant', merchant, '--mode', 'live', 'blue');
    expect(notJson.stderr).toMatch(/JSON object/);
    expect((await t.request('GET', '/v1/settings/checkout', { token: t.merchant.live })).body.updated_at).toBeNull();
  });
});
