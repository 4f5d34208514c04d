import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../src/domain/ids.js';
import { inProcessCli } from './cli-in-process.js';
import { startTestApp, type TestApp } from './helpers.js';

/** `payorders payment-settings show|set` on the test app's store, seen through /v1 right after. */

let t: TestApp;
let cli: ReturnType<typeof inProcessCli>;
beforeAll(async () => {
  t = await startTestApp();
  cli = inProcessCli(t);
});
afterAll(() => t.close());

describe('payorders payment-settings', () => {
  it('shows the defaults and sets a Pix account the API then uses', async () => {
    const merchant = encodeId('merchant', t.merchant.merchantId);
    const shown = await cli('payment-settings', 'show', '--merchant', merchant, '--mode', 'test');
    expect(shown.json).toMatchObject({ object: 'payment_settings', livemode: false, pix: { provider: 'sandbox' } });
    const set = await cli('payment-settings', 'set', '--merchant', merchant, '--mode', 'test', JSON.stringify({ pix: { key: '+5511987654321', merchant_name: 'Loja Azul', merchant_city: 'Recife' }, monitoring_window_hours: 6 }));
    expect(set.code, set.stderr).toBe(0);
    expect(set.json).toMatchObject({ pix: { key: '+5511987654321', merchant_name: 'Loja Azul' }, monitoring_window_hours: 6 });
    expect((await t.request('GET', '/v1/settings/payments')).body).toEqual(set.json);
  });

  it('refuses what the API refuses, naming the field, and changes nothing', async () => {
    const merchant = encodeId('merchant', t.merchant.merchantId);
    const badKey = await cli('payment-settings', 'set', '--merchant', merchant, '--mode', 'test', '{"pix": {"key": "123", "merchant_name": "A", "merchant_city": "B"}}');
    expect(badKey.code).not.toBe(0);
    expect(badKey.stderr).toMatch(/pix\.key/);
    const unknown = await cli('payment-settings', 'set', '--merchant', merchant, '--mode', 'test', '{"colour": "blue"}');
    expect(unknown.code).not.toBe(0);
    const notJson = await cli('payment-settings', 'set', '--merchant', merchant, '--mode', 'live', 'pix');
    expect(notJson.stderr).toMatch(/JSON object/);
    expect((await t.request('GET', '/v1/settings/payments', { token: t.merchant.live })).body.updated_at).toBeNull();
  });
});
