import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/balance and /v1/balance_transactions', () => {
  it('start empty, then list each confirmed payment newest first, filtered by payment and status, per mode', async () => {
    expect((await t.request('GET', '/v1/balance')).body).toEqual({ object: 'balance', livemode: false, pending: [], available: [] });
    const pix = await orderWithPayment(t);
    const boleto = await orderWithPayment(t, {}, { method: 'boleto' });
    await pay(t, pix.payment.id);
    t.clock.advance(1000);
    await pay(t, boleto.payment.id);
    const all = (await t.request('GET', '/v1/balance_transactions')).body;
    expect(all.data.map((x: any) => [x.source, x.status])).toEqual([
      [boleto.payment.id, 'pending'],
      [pix.payment.id, 'available'],
    ]);
    expect(all.data[0].id).toMatch(/^txn_/);
    expect((await t.request('GET', `/v1/balance_transactions?payment=${pix.payment.id}`)).body.data).toHaveLength(1);
    expect((await t.request('GET', '/v1/balance_transactions?status=pending')).body.data.map((x: any) => x.source)).toEqual([boleto.payment.id]);
    expect((await t.request('GET', `/v1/balance_transactions?starting_after=${all.data[0].id}`)).body.data.map((x: any) => x.source)).toEqual([pix.payment.id]);
    expect((await t.request('GET', '/v1/balance', { token: t.merchant.live })).body).toEqual({ object: 'balance', livemode: true, pending: [], available: [] });
    expect((await t.request('GET', '/v1/balance_transactions', { token: t.merchant.live })).body.data).toEqual([]);
  });

  it('refuse bad filters (400)', async () => {
    for (const query of ['?payment=ord_00000000000000000000000000', '?status=paid', '?starting_after=pay_00000000000000000000000000', '?limit=101']) {
      expectProblem(await t.request('GET', `/v1/balance_transactions${query}`), 400, 'validation_error');
    }
    expectProblem(await t.request('GET', '/v1/balance?currency=BRL'), 400, 'validation_error');
  });
});
