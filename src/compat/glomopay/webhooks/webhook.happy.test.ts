import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { startTestApp } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';
import { startReceiver, status, type Received } from '../../../../test/webhooks.js';
import { GLOMOPAY_RETRY_DELAYS_MS } from './format.js';

// Live endpoints may point at the local receiver here, so the live schedule can be watched too.
const t = await startTestApp({ webhooks: { ...loadConfig({}).webhooks, allowHttp: 'all', allowPrivate: 'all' } });
const receiver = await startReceiver();
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** How Glomopay's docs tell a receiver to check a webhook: HMAC-SHA256 of the raw body, hex, constant-time compare. */
function verified(request: Received, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(request.body, 'utf8')).digest('hex'));
  const sent = Buffer.from(String(request.headers['x-glomopay-signature'] ?? ''));
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

describe('Glomopay webhooks: the account webhook, {entity_type, event_type, data}, X-Glomopay-Signature', () => {
  let secret: string;

  it('PUT /api/v1/webhook_settings sets the URL with a secret of its own, GET shows it, /v1 lists the endpoint', async () => {
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings')).status).toBe(404);
    const res = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { body: { url: `${receiver.url}?test`, secret: 'glomo-webhook-secret-0001' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ url: `${receiver.url}?test`, secret: 'glomo-webhook-secret-0001', status: 'active' });
    secret = res.body.secret;
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings')).body).toEqual(res.body);
    const v1 = await t.request('GET', '/v1/webhook_endpoints');
    expect(v1.body.data).toHaveLength(1);
    expect(v1.body.data[0].enabled_events).toEqual([
      'order.paid',
      'order.overpaid',
      'order.expired',
      'order.canceled',
      'order.documents_requested',
      'order.documents_received',
      'order.under_review',
      'order.review_approved',
      'order.review_rejected',
    ]);
    // A URL change keeps the secret; none given on a first PUT: one is made.
    // A webhook that lacks some of the face's events (one set before they existed) gets them all with its next PUT.
    await t.request('POST', `/v1/webhook_endpoints/${v1.body.data[0].id}`, { body: { enabled_events: ['order.paid'] } });
    const moved = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { body: { url: receiver.url } });
    expect(moved.body).toMatchObject({ url: receiver.url, secret });
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data[0].enabled_events).toEqual(v1.body.data[0].enabled_events);
  });

  it('sends a paid order as {entity_type: "orders", event_type: "paid", data: <the order>}, signed over the raw body', async () => {
    const customer = await newCustomer(t);
    const created = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1000, reference_number: 'R-WH' } });
    expect(created.status).toBe(201);
    // Paid through /v1 by Pix (a USD order's rails need settings this test does not make): a BRL order of the same merchant.
    const { order, payment } = await orderWithPayment(t, { amount: 2500, reference: 'BRL-WH' });
    await pay(t, payment.id);
    await runExpiry(t);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(verified(request!, secret)).toBe(true);
    expect(verified({ ...request!, body: request!.body.replace('2500', '2501') }, secret)).toBe(false);
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body);
    expect(Object.keys(body)).toEqual(['entity_type', 'event_type', 'data']);
    expect(body).toMatchObject({ entity_type: 'orders', event_type: 'paid', data: { id: `order_${order.id.slice(4)}`, status: 'paid', amount: 2500, currency: 'BRL', reference_number: 'BRL-WH' } });
    // The same order GET answers, but what only the Glomopay face keeps (null for a /v1 order anyway).
    const read = await glomopay(t, 'GET', `/api/v1/orders/order_${order.id.slice(4)}`);
    expect(body.data).toEqual({ ...read.body, updated_at: body.data.updated_at });
    expect(created.body.status).toBe('active');
  });

  it('sends a canceled order as expired, and retries a refusal 5 times in test mode, on the sandbox schedule', async () => {
    receiver.requests.length = 0;
    receiver.respond(status(500));
    const customer = await newCustomer(t);
    const created = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'EUR', amount: 700 } });
    await t.request('POST', `/v1/orders/ord_${created.body.id.slice(6)}/cancel`, { body: {} });
    await runExpiry(t);
    for (const delay of GLOMOPAY_RETRY_DELAYS_MS.test) {
      t.clock.advance(delay * 1.1 + 1000);
      await runExpiry(t);
    }
    t.clock.advance(7 * 86_400_000);
    await runExpiry(t);
    // Only this order's (the sweeper also expires the earlier test's order meanwhile, and says so).
    const attempts = receiver.requests.filter((r) => JSON.parse(r.body).data.id === created.body.id);
    expect(attempts).toHaveLength(1 + 5);
    for (const request of attempts) {
      expect(JSON.parse(request.body)).toMatchObject({ entity_type: 'orders', event_type: 'expired', data: { id: created.body.id, status: 'expired' } });
      expect(verified(request, secret)).toBe(true);
    }
    receiver.respond((_req, res) => res.end());
  });

  it('retries a live webhook 9 times, after 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h, 24 h and 48 h', async () => {
    receiver.requests.length = 0;
    const live = await glomopay(t, 'PUT', '/api/v1/webhook_settings', { key: t.merchant.live, body: { url: `${receiver.url}?live` } });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.secret).not.toBe(secret);
    receiver.respond(status(503));
    const created = await t.request('POST', '/v1/orders', { token: t.merchant.live, body: { amount: 100, currency: 'USD' } });
    await t.request('POST', `/v1/orders/${created.body.id}/cancel`, { token: t.merchant.live, body: {} });
    await runExpiry(t);
    for (const delay of GLOMOPAY_RETRY_DELAYS_MS.live) {
      t.clock.advance(delay * 1.1 + 1000);
      await runExpiry(t);
    }
    t.clock.advance(7 * 86_400_000);
    await runExpiry(t);
    expect(receiver.requests.filter((r) => r.url.endsWith('?live'))).toHaveLength(10);
    expect(receiver.requests.every((r) => verified(r, live.body.secret))).toBe(true);
  });

  it('DELETE /api/v1/webhook_settings removes it: 204, then 404', async () => {
    expect((await glomopay(t, 'DELETE', '/api/v1/webhook_settings')).status).toBe(204);
    expect((await glomopay(t, 'GET', '/api/v1/webhook_settings')).body).toEqual({ error: 'Not Found', message: 'Webhook not found' });
  });
});
