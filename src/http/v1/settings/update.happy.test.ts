import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrCode } from '../../../rails/pix/br-code.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET/POST /v1/settings/payments', () => {
  it('starts with every rail on the sandbox in test mode and none in live mode, no tolerance, a 24 h window', async () => {
    const test = await t.request('GET', '/v1/settings/payments');
    expect(test.body).toMatchObject({
      object: 'payment_settings',
      livemode: false,
      pix: { provider: 'sandbox', key: t.merchant.merchantId, merchant_name: 'Payorders Sandbox', merchant_city: 'Sao Paulo' },
      underpayment_tolerance: { amount: 0, basis_points: 0 },
      monitoring_window_hours: 24,
      updated_at: null,
    });
    const live = await t.request('GET', '/v1/settings/payments', { token: t.merchant.live });
    expect(live.body).toMatchObject({ livemode: true, pix: null });
  });

  it('sets the Pix account, normalized, and new payments carry it; settings merge field by field', async () => {
    const m = await t.newMerchant();
    const res = await t.request('POST', '/v1/settings/payments', {
      token: m.token,
      body: { pix: { key: ' Loja@Example.COM ', merchant_name: 'Padaria São João', merchant_city: 'São Paulo' }, monitoring_window_hours: 48 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pix: { provider: 'sandbox', key: 'loja@example.com', merchant_name: 'Padaria São João', merchant_city: 'São Paulo' },
      monitoring_window_hours: 48,
      updated_at: t.clock.now().toISOString(),
    });
    const next = await t.request('POST', '/v1/settings/payments', { token: m.token, body: { underpayment_tolerance: { basis_points: 50 } } });
    expect(next.body).toMatchObject({ pix: { key: 'loja@example.com' }, monitoring_window_hours: 48, underpayment_tolerance: { amount: 0, basis_points: 50 } });
    expect((await t.request('GET', '/v1/settings/payments', { token: m.token })).body).toEqual(next.body);

    const { order, payment } = await orderWithPayment(t, { amount: 10000 }, { token: m.token });
    expect(parseBrCode(payment.instructions.emv)).toMatchObject({ merchantName: 'Padaria Sao Joao', merchantCity: 'Sao Paulo' });
    await pay(t, payment.id, 9950, m.token); // 0.5% short: tolerated
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: m.token })).body.status).toBe('paid');
  });

  it('turns a rail off with null', async () => {
    const m = await t.newMerchant();
    expect((await t.request('POST', '/v1/settings/payments', { token: m.token, body: { pix: null } })).body.pix).toBeNull();
  });
});
