import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const start = (orderId: string, body: unknown = { method: 'pix' }, token?: string) => t.request('POST', `/v1/orders/${orderId}/payments`, { body, token });

describe('POST /v1/orders/:id/payments refuses', () => {
  it('a method outside the order\'s payment_methods, or whose rail does not take its currency (400 payment_method_not_allowed)', async () => {
    const boletoOnly = await t.request('POST', '/v1/orders', { body: orderBody({ payment_methods: ['boleto'] }) });
    const res = await start(boletoOnly.body.id);
    expectProblem(res, 400, 'payment_method_not_allowed');
    expect(res.body.detail).toMatch(/boleto, not pix/);
    const euros = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'EUR' }) });
    expectProblem(await start(euros.body.id), 400, 'payment_method_not_allowed');
  });

  it('a method the merchant has not set up: in live mode, turned off in test mode, or a rail not built yet (400 payment_method_not_configured)', async () => {
    const live = await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody() });
    expectProblem(await start(live.body.id, { method: 'pix' }, t.merchant.live), 400, 'payment_method_not_configured');
    const m = await t.newMerchant();
    await t.request('POST', '/v1/settings/payments', { token: m.token, body: { pix: null } });
    const off = await t.request('POST', '/v1/orders', { token: m.token, body: orderBody() });
    expectProblem(await start(off.body.id, { method: 'pix' }, m.token), 400, 'payment_method_not_configured');
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    expectProblem(await start(order.body.id, { method: 'mb_way' }), 400, 'payment_method_not_configured');
  });

  it('an order that is paid, canceled, expired or past its expiry (409 order_not_payable)', async () => {
    const { order: paid, payment } = await orderWithPayment(t);
    await pay(t, payment.id);
    expectProblem(await start(paid.id), 409, 'order_not_payable');
    const canceled = await t.request('POST', '/v1/orders', { body: orderBody() });
    await t.request('POST', `/v1/orders/${canceled.body.id}/cancel`);
    expectProblem(await start(canceled.body.id), 409, 'order_not_payable');
    const soon = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() }) });
    const later = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() }) });
    t.clock.advance(61_000);
    const unswept = await start(later.body.id);
    expectProblem(unswept, 409, 'order_not_payable');
    expect(unswept.body.detail).toMatch(/past its expiry/);
    await runExpiry(t);
    expectProblem(await start(soon.body.id), 409, 'order_not_payable');
  });

  it('a missing or unknown method and unknown fields (400), a missing order (404)', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    for (const body of [{}, { method: 'bitcoin' }, { method: 'pix', amount: 5 }]) {
      expectProblem(await start(order.body.id, body), 400, 'validation_error');
    }
    expectProblem(await start('ord_00000000000000000000000000'), 404, 'resource_missing');
    expect((await t.request('GET', `/v1/orders/${order.body.id}`)).body.payments).toEqual([]);
  });
});
