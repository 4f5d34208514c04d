import { describe, expect, it } from 'vitest';
import { expectByrd } from '../../../../test/compat/paybyrd.js';
import { paybyrdWebhookTest } from '../../../../test/compat/paybyrd-webhooks.js';

const { t, receiver, call } = await paybyrdWebhookTest();

describe('Paybyrd webhook settings: refusals', () => {
  it.each([
    [{ credentialType: 'api-key' }, 'url', 'url is required'],
    [{ url: 'not a url', credentialType: 'api-key' }, 'url', /^url must be an absolute URL/],
    [{ url: 'ftp://example.com/hook', credentialType: 'api-key' }, 'url', 'url must be an https URL'],
    [{ url: 'https://example.com/hook', credentialType: 'oauth' }, 'credentialType', 'credentialType must be api-key or basic'],
    [{ url: 'https://example.com/hook', credentialType: 'basic', password: 'p' }, 'username', 'username is required for basic credentials'],
    [{ url: 'https://example.com/hook', username: 'u' }, 'password', 'password is required for basic credentials'],
    [{ url: 'https://example.com/hook', credentialType: 'api-key', events: ['order.paid', 'order.shipped'] }, 'events.1', /^events\.1 is not a Paybyrd event/],
    [{ url: 'https://example.com/hook', credentialType: 'api-key', events: 'order.paid' }, 'events', /^events must be a/],
  ])('refuses %j with 400 BYRD900 naming %s, writing nothing', async (body, field, message) => {
    const res = await call('POST', '/api/v1/settings', { body });
    expectByrd(res, 400, 'BYRD900', message);
    expect(res.body.errors[0].field).toBe(field);
    expect((await call('GET', '/api/v1/settings')).body).toEqual({ data: [] });
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
  });

  it('needs https and a public address for a live key', async () => {
    expectByrd(await call('POST', '/api/v1/settings', { key: t.merchant.live, body: { url: receiver.url, credentialType: 'api-key' } }), 400, 'BYRD900', /^url must be an https URL/);
  });

  it('answers 404 BYRD901 for settings or a webhook that do not exist, and 400 to a resend elsewhere or of nothing', async () => {
    const unknown = '0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f';
    expectByrd(await call('GET', `/api/v1/settings/${unknown}`), 404, 'BYRD901', 'Settings not found');
    expectByrd(await call('GET', '/api/v1/settings/not-a-guid'), 404, 'BYRD901', 'Settings not found');
    expectByrd(await call('DELETE', `/api/v1/settings/${unknown}`), 404, 'BYRD901', 'Settings not found');
    expectByrd(await call('GET', `/api/v1/webhooks/${unknown}/attempts`), 404, 'BYRD901', 'Webhook not found');
    expectByrd(await call('POST', '/api/v1/webhooks/resend', { body: { ids: [unknown] } }), 404, 'BYRD901', 'Webhook not found');
    expectByrd(await call('POST', '/api/v1/webhooks/resend', { body: { ids: [] } }), 400, 'BYRD900', 'ids must name at least one webhook');
    expectByrd(await call('POST', '/api/v1/webhooks/resend', { body: { ids: [unknown], url: 'https://elsewhere.example/hook' } }), 400, 'BYRD900', /^url is not supported yet/);
  });
});
