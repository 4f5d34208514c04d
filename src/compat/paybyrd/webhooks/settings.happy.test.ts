import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { paybyrdWebhookTest } from '../../../../test/compat/paybyrd-webhooks.js';

const { t, receiver, call, subscribe } = await paybyrdWebhookTest();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Paybyrd webhook settings: POST, GET, GET {id}, DELETE {id} /api/v1/settings', () => {
  it('creates a subscription with a generated api key, answered in {data}, and lists and reads it back', async () => {
    const res = await call('POST', '/api/v1/settings', { body: { url: receiver.url, credentialType: 'api-key', events: ['order.paid', 'transaction.payment.success'], paymentMethods: ['pix'] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const settings = res.body.data;
    expect(Object.keys(settings)).toEqual(['id', 'url', 'events', 'paymentMethods', 'credential']);
    expect(settings).toMatchObject({ url: receiver.url, events: ['order.paid', 'transaction.payment.success'], paymentMethods: ['pix'], credential: { type: 'api-key' } });
    expect(settings.id).toMatch(GUID);
    expect(settings.credential.apiKey).toMatch(GUID);
    expect((await call('GET', `/api/v1/settings/${settings.id}`)).body).toEqual({ data: settings });
    expect((await call('GET', '/api/v1/settings')).body).toEqual({ data: [settings] });
    // The same endpoint /v1 lists, subscribed to the events those Paybyrd events stand for.
    const v1 = await t.request('GET', `/v1/webhook_endpoints/${encodeId('webhookEndpoint', settings.id)}`);
    expect(v1.body).toMatchObject({ url: receiver.url, enabled_events: ['order.paid', 'order.overpaid', 'payment.succeeded'] });
    expect(JSON.stringify(v1.body)).not.toContain(settings.credential.apiKey);
  });

  it('keeps the api key given, binds names in any letter case, ignores unknown properties, and reads a blank type as basic', async () => {
    const given = await call('POST', '/api/v1/settings', { body: { URL: receiver.url, CredentialType: 'api-key', ApiKey: 'merchant-chosen-key', Events: null, storeId: 'store-7', extra: 1 } });
    expect(given.status).toBe(201);
    expect(given.body.data).toMatchObject({ events: [], paymentMethods: [], storeId: 'store-7', credential: { type: 'api-key', apiKey: 'merchant-chosen-key' } });
    const basic = await call('POST', '/api/v1/settings', { body: { url: receiver.url, credentialType: '', username: 'shop', password: 's3cr:et' } });
    expect(basic.status).toBe(201);
    expect(basic.body.data.credential).toEqual({ type: 'basic', username: 'shop', password: 's3cr:et' });
    // An empty event list is every event Payorders raises.
    const v1 = await t.request('GET', `/v1/webhook_endpoints/${encodeId('webhookEndpoint', basic.body.data.id)}`);
    expect(v1.body.enabled_events).toEqual(expect.arrayContaining(['order.created', 'order.paid', 'order.canceled', 'order.expired', 'payment.created', 'payment.succeeded']));
  });

  it('deletes a subscription: 204, then 404 and gone from the list and from /v1', async () => {
    const settings = await subscribe({}, 'to-delete');
    const res = await call('DELETE', `/api/v1/settings/${settings.id}`);
    expect(res.status).toBe(204);
    expect((await call('GET', `/api/v1/settings/${settings.id}`)).status).toBe(404);
    expect((await call('GET', '/api/v1/settings')).body.data.map((s: { id: string }) => s.id)).not.toContain(settings.id);
    expect((await t.request('GET', `/v1/webhook_endpoints/${encodeId('webhookEndpoint', settings.id)}`)).status).toBe(404);
  });
});
