import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const pixAccount = (fields: Record<string, unknown>) => ({ pix: { key: '+5511987654321', merchant_name: 'Loja', merchant_city: 'Recife', ...fields } });

describe('POST /v1/settings/payments refuses', () => {
  it('a Pix key, name or city a BR Code cannot carry, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ key: '123.456.789-09' }, '/pix/key', 'invalid_format'],
      [{ key: '12345678900' }, '/pix/key', 'check_digit_mismatch'],
      [{ key: '11987654321@' }, '/pix/key', 'invalid_format'],
      [{ merchant_name: 'A Very Long Merchant Name Indeed' }, '/pix/merchant_name', 'too_long'],
      [{ merchant_city: 'Cidade ☕' }, '/pix/merchant_city', 'not_ascii'],
    ];
    for (const [fields, path, code] of cases) {
      const res = await t.request('POST', '/v1/settings/payments', { body: pixAccount(fields) });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0], JSON.stringify(fields)).toMatchObject({ path, code });
    }
  });

  it('an unknown provider, the sandbox in live mode, a live provider that is not configured', async () => {
    const unknown = await t.request('POST', '/v1/settings/payments', { body: pixAccount({ provider: 'acme' }) });
    expect(unknown.body.errors[0]).toMatchObject({ path: '/pix/provider', code: 'unknown_provider' });
    const sandbox = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: pixAccount({ provider: 'sandbox' }) });
    expect(sandbox.body.errors[0]).toMatchObject({ path: '/pix/provider', code: 'not_live' });
    const none = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: pixAccount({}) });
    expect(none.body.errors[0]).toMatchObject({ path: '/pix/provider', code: 'required' });
  });

  it('rules out of range, unknown fields and rails; and keeps the settings as they were', async () => {
    for (const body of [
      { monitoring_window_hours: -1 },
      { monitoring_window_hours: 721 },
      { underpayment_tolerance: { basis_points: 10_001 } },
      { underpayment_tolerance: { percent: 1 } },
      { sepa_debit: null },
      { pix: { key: '+5511987654321' } },
    ]) {
      expectProblem(await t.request('POST', '/v1/settings/payments', { body }), 400, 'validation_error');
    }
    expect((await t.request('GET', '/v1/settings/payments')).body.updated_at).toBeNull();
  });
});
