import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { expectByrd } from '../../../../test/compat/paybyrd.js';
import { tokenize } from '../../../../test/payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const card = { number: '4242424242424242', expiration: '12/30', cvv: '123' };

describe('POST /compat/paybyrd/api/v2/payment: keys, tenants, modes', () => {
  it("cannot pay another merchant's order nor the other mode's (404), nor without a key (401); the order takes nothing", async () => {
    const orderId = (await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 700, currency: 'EUR', orderRef: 'SEC-1' } })).body.orderId;
    const other = await t.newMerchant();
    const body = { type: 'Card', orderId, card };
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { key: other.token, body }), 404, 'BYRD901');
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { key: t.merchant.live, body }), 404, 'BYRD901');
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { key: null, body }), 401, 'BYRD401');
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { key: 'sk_test_not-a-key', body }), 401, 'BYRD401');
    const order = await t.request('GET', `/v1/orders/${v1OrderId(orderId)}`);
    expect(order.body.status).toBe('open');
    expect(order.body.payments ?? []).toEqual([]);
  });

  it("cannot spend another merchant's card token", async () => {
    const other = await t.newMerchant();
    const token = await tokenize(t, '4242424242424242', other.token);
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', isoAmount: 500, currency: 'EUR', orderRef: 'SEC-2', card: { tokenId: token.id } } });
    expectByrd(res, 404, 'BYRD901');
  });

  it('refuses a test card number with a live key, making no live order', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { key: t.merchant.live, body: { type: 'Card', isoAmount: 500, currency: 'EUR', orderRef: 'SEC-3', card } });
    expectByrd(res, 400, 'BYRD900');
    expect(res.body.errors[0].field).toBe('card.number');
    expect((await t.request('GET', '/v1/orders?limit=100', { token: t.merchant.live })).body.data).toEqual([]);
  });
});
