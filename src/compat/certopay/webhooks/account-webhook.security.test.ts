import { describe, expect, it } from 'vitest';
import { runExpiry } from '../../../../test/jobs.js';
import { certopayClient, certopayWithReceiver, expectNestError, newOrder, paymentBody } from '../fixture.js';

const { t, cp, receiver } = await certopayWithReceiver();

describe('the CertoPay account webhook: one per merchant and mode', () => {
  it("keeps each merchant's and each mode's webhook, deliveries and retries apart", async () => {
    await cp('POST', '/api/webhooks/upsert', { body: { url: `${receiver.url}?mine` } });
    const other = await t.newMerchant();
    const theirs = certopayClient(t, other.token);
    expectNestError(await theirs('GET', '/api/webhooks'), 404, 'Webhook not found');
    expectNestError(await cp('GET', '/api/webhooks', { key: t.merchant.live }), 404, 'Webhook not found');
    const order = await newOrder(theirs);
    await theirs('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') });
    await newOrder(cp);
    await runExpiry(t);
    expect(receiver.requests).toHaveLength(0);
    const mine = await newOrder(cp);
    await cp('POST', '/api/payment-gateway/process', { body: paymentBody(mine.id, 'PIX') });
    await runExpiry(t);
    expect(receiver.requests.map((r) => r.url)).toEqual(['/hook?mine']);
    const [delivery] = (await cp('GET', '/api/webhooks/deliveries')).body;
    expect((await theirs('GET', '/api/webhooks/deliveries')).body).toEqual([]);
    expectNestError(await theirs('POST', `/api/webhooks/deliveries/${delivery.deliveryId}/retry`), 404, 'Webhook delivery not found');
    expectNestError(await cp('POST', `/api/webhooks/deliveries/${delivery.deliveryId}/retry`, { key: null }), 401);
    expectNestError(await theirs('DELETE', '/api/webhooks'), 404, 'Webhook not found');
    expect((await cp('GET', '/api/webhooks')).status).toBe(200);
  });

  it("does not retry a /v1 endpoint's delivery through the CertoPay webhook", async () => {
    const other = await t.newMerchant();
    const theirs = certopayClient(t, other.token);
    await t.request('POST', '/v1/webhook_endpoints', { token: other.token, body: { url: `${receiver.url}?v1`, enabled_events: ['*'] } });
    await newOrder(theirs);
    await runExpiry(t);
    const v1Endpoints = await t.request('GET', '/v1/webhook_endpoints', { token: other.token });
    const v1Deliveries = await t.request('GET', `/v1/webhook_endpoints/${v1Endpoints.body.data[0].id}/deliveries`, { token: other.token });
    const id = v1Deliveries.body.data[0].id as string;
    expectNestError(await theirs('POST', `/api/webhooks/deliveries/${id}/retry`), 404, 'Delivery not found');
  });
});
