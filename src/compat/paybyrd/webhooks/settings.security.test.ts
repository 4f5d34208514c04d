import { describe, expect, it } from 'vitest';
import { expectByrd } from '../../../../test/compat/paybyrd.js';
import { paybyrdWebhookTest } from '../../../../test/compat/paybyrd-webhooks.js';
import { createEndpoint } from '../../../../test/webhooks.js';

const { t, receiver, call, subscribe, sentTo, deliver } = await paybyrdWebhookTest();

describe('Paybyrd webhook API: keys, tenants and modes', () => {
  it('answers 401 BYRD401 without a key or with a wrong one, writing nothing', async () => {
    expectByrd(await call('POST', '/api/v1/settings', { key: null, body: { url: receiver.url, credentialType: 'api-key' } }), 401, 'BYRD401');
    expectByrd(await call('GET', '/api/v1/settings', { key: 'sk_test_wrong' }), 401, 'BYRD401');
    expectByrd(await call('GET', '/api/v1/webhooks', { key: null }), 401, 'BYRD401');
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
  });

  it("keeps each merchant's and each mode's settings, webhooks and resends apart (404 BYRD901, never 403)", async () => {
    const mine = await subscribe({ events: ['order.created'] }, 'mine');
    const other = await t.newMerchant();
    const theirs = await subscribe({ events: ['order.created'] }, 'theirs', other.token);
    await call('POST', '/api/v2/orders', { key: other.token, body: { isoAmount: 100, currency: 'EUR', orderRef: 'theirs' } });
    await call('POST', '/api/v2/orders', { key: t.merchant.live, body: { isoAmount: 100, currency: 'EUR', orderRef: 'live' } });
    await deliver();
    expect(sentTo('mine')).toHaveLength(0);
    expect(sentTo('theirs')).toHaveLength(1);
    const [theirWebhook] = (await call('GET', '/api/v1/webhooks', { key: other.token })).body.data;

    expect((await call('GET', '/api/v1/settings')).body.data.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    expect((await call('GET', '/api/v1/settings', { key: t.merchant.live })).body.data).toEqual([]);
    expectByrd(await call('GET', `/api/v1/settings/${theirs.id}`), 404, 'BYRD901', 'Settings not found');
    expectByrd(await call('GET', `/api/v1/settings/${mine.id}`, { key: t.merchant.live }), 404, 'BYRD901', 'Settings not found');
    expectByrd(await call('DELETE', `/api/v1/settings/${theirs.id}`), 404, 'BYRD901');
    expect((await call('GET', '/api/v1/webhooks')).body.data).toEqual([]);
    expectByrd(await call('GET', `/api/v1/webhooks/${theirWebhook.id}/attempts`), 404, 'BYRD901', 'Webhook not found');
    expectByrd(await call('POST', '/api/v1/webhooks/resend', { body: { ids: [theirWebhook.id] } }), 404, 'BYRD901', 'Webhook not found');
    expect((await call('GET', `/api/v1/settings/${theirs.id}`, { key: other.token })).status).toBe(200);
  });

  it("does not show or resend a /v1 endpoint's deliveries through the Paybyrd webhook API", async () => {
    const other = await t.newMerchant();
    const endpoint = await createEndpoint(t, `${receiver.url}?v1`, {}, other.token);
    await call('POST', '/api/v2/orders', { key: other.token, body: { isoAmount: 100, currency: 'EUR', orderRef: 'v1' } });
    await deliver();
    const [delivery] = (await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, { token: other.token })).body.data;
    expect((await call('GET', '/api/v1/webhooks', { key: other.token })).body.data).toEqual([]);
    expectByrd(await call('GET', `/api/v1/webhooks/${delivery.id}/attempts`, { key: other.token }), 404, 'BYRD901', 'Webhook not found');
    expectByrd(await call('GET', `/api/v1/settings/${endpoint.id}`, { key: other.token }), 404, 'BYRD901', 'Settings not found');
  });
});
