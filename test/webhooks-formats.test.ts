import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeId } from '../src/domain/ids.js';
import { eventView } from '../src/services/views.js';
import { WEBHOOK_FORMATS, type WebhookFormat, type WebhookFormats } from '../src/services/webhook-formats.js';
import { orderBody } from './helpers.js';
import { createEndpoint, deliverWebhooks, status, webhookTest } from './webhooks.js';

/**
 * One engine, several wire formats: a vendor face registers an envelope and a signer, and its endpoints'
 * deliveries go through the same fan-out, queue, retries and log as /v1's. Here a format shaped like a
 * vendor's (an `{entity_type, event_type, data}` body and a hex HMAC of the raw body in a header).
 */

const vendorFormat: WebhookFormat = {
  envelope: (event, delivery) => {
    const view = eventView(event);
    const [entity, action] = view.type.split('.');
    return { id: delivery.id, body: JSON.stringify({ entity_type: `${entity}s`, event_type: action, data: view.data.object }), contentType: 'application/json' };
  },
  sign: (message, secrets) => ({ 'x-vendor-signature': createHmac('sha256', secrets[0]!).update(message.body).digest('hex') }),
};
const formats: WebhookFormats = { ...WEBHOOK_FORMATS, vendor: vendorFormat };

const { t, receiver } = await webhookTest();

describe('webhook formats', () => {
  it("delivers a vendor format's body and signature through the same engine, retries and log included", async () => {
    const merchant = await t.newMerchant();
    const vendor = await createEndpoint(t, `${receiver.url}?vendor`, { enabled_events: ['order.created'] }, merchant.token);
    await createEndpoint(t, `${receiver.url}?standard`, { enabled_events: ['order.created'] }, merchant.token);
    // The vendor faces create their endpoints with their format; /v1 has no field for it.
    await t.db.query(`UPDATE webhook_endpoints SET format = 'vendor' WHERE endpoint_id = $1`, [decodeId('webhookEndpoint', vendor.id)]);
    // The vendor's first attempt fails, its retry succeeds.
    const vendorAttempts = () => receiver.requests.filter((r) => r.url.endsWith('vendor')).length;
    receiver.respond((req, res) => (req.url.endsWith('vendor') && vendorAttempts() === 1 ? status(500)(req, res) : res.end('ok')));
    const order = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() })).body;
    await deliverWebhooks(t, { formats });
    t.clock.advance(5000);
    await deliverWebhooks(t, { formats });

    const toVendor = receiver.requests.filter((r) => r.url.endsWith('vendor'));
    expect(toVendor).toHaveLength(2);
    for (const r of toVendor) {
      expect(JSON.parse(r.body)).toEqual({ entity_type: 'orders', event_type: 'created', data: order });
      expect(r.headers['x-vendor-signature']).toBe(createHmac('sha256', vendor.secret).update(r.body).digest('hex'));
      expect(r.headers['webhook-signature']).toBeUndefined();
    }
    const [toStandard] = receiver.requests.filter((r) => r.url.endsWith('standard'));
    expect(JSON.parse(toStandard!.body)).toMatchObject({ object: 'event', type: 'order.created' });
    const log = (await t.request('GET', `/v1/webhook_endpoints/${vendor.id}/deliveries`, { token: merchant.token })).body.data;
    expect(log).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
  });
});
