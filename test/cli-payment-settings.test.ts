import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { encodeId } from '../src/domain/ids.js';
import { startTestApp, type TestApp } from './helpers.js';

/** `payorders payment-settings show|set` on the test app's store, seen through /v1 right after. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function cli(...args: string[]): Promise<{ code: number; stderr: string; json: any }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _e, done) => (append(String(chunk)), done()) });
  const code = await runCli([...args, '--json'], { stdin: Readable.from([]), stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) }, {
    db: t.db,
    clock: t.clock,
    loadConfig: () => t.services.config,
  });
  return { code, stderr, json: code === 0 ? JSON.parse(stdout) : undefined };
}

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
