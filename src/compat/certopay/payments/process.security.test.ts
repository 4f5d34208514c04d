import { describe, expect, it } from 'vitest';
import { certopayApp, certopayClient, expectNestError, newOrder, paymentBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/payment-gateway/process (CertoPay): keys, tenants and modes', () => {
  it('answers 401 without a valid key, before looking at the body', async () => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: {}, key: null }), 401, 'API key is required (X-Api-Key)');
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: {}, key: 'sk_live_wrong' }), 401, 'Invalid API key');
  });

  it("cannot charge another merchant's order, nor the other mode's (404)", async () => {
    const order = await newOrder(cp);
    const other = await t.newMerchant();
    expectNestError(await certopayClient(t, other.token)('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') }), 404, 'Order not found');
    expectNestError(await cp('POST', '/api/payment-gateway/process', { key: t.merchant.live, body: paymentBody(order.id, 'PIX') }), 404, 'Order not found');
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.payments).toEqual([]);
  });

  it('in live mode charges only on a rail the merchant set up (400 otherwise)', async () => {
    const live = certopayClient(t, t.merchant.live);
    const order = await newOrder(live);
    expectNestError(await live('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') }), 400, /^pix is not set up for this merchant in live mode/);
  });
});
