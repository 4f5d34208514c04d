import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { runExpiry } from '../../../../test/jobs.js';
import { loadSeedOpenApi, requestExamples, schemaValidator } from '../../../../test/compat/seeds.js';

const seed = loadSeedOpenApi('paybyrd-create-order-openapi.md');
const examples = requestExamples(seed, '/api/v2/orders', 'post');
const validateOrder = schemaValidator(seed, 'OrderCreation');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/orders', () => {
  it.each(Object.entries(examples))('takes the seed example "%s" byte for byte and answers 201 valid against the seed schema', async (_name, example) => {
    const sent = JSON.stringify(example);
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { body: sent, headers: { 'content-type': 'application/json' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(validateOrder(res.body), JSON.stringify(validateOrder.errors)).toBe(true);
    const ex = example as Record<string, any>;
    expect(res.body).toMatchObject({
      status: 'created',
      isoAmount: ex.isoAmount,
      amount: '50.00',
      currency: ex.currency,
      orderRef: ex.orderRef,
      orderOptions: ex.orderOptions,
      code: 'BYRD200',
      description: 'Operation successfully completed',
      orderDate: '2026-11-23T12:00:00Z',
    });
    expect(res.body.orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const field of ['shopper', 'paymentOptions', 'metadata', 'shoppingCart'] as const) {
      if (ex[field]) expect(res.body[field]).toMatchObject(ex[field]);
    }
    // Read back through the face: the same order, with what was sent.
    const read = await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`);
    expect(read.status).toBe(200);
    expect(validateOrder(read.body), JSON.stringify(validateOrder.errors)).toBe(true);
    const { code, description, ...created } = res.body;
    expect(read.body).toMatchObject({ ...created, code, description, transactions: [] });
  });

  it("answers checkoutUrl, the order's hosted checkout (the /v1 order's checkout_url), which opens, and its checkoutKey", async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { body: examples['Minimal order request'] });
    const v1 = await t.request('GET', `/v1/orders/${v1OrderId(res.body.orderId)}`);
    expect(res.body.checkoutUrl).toBe(v1.body.checkout_url);
    const url = new URL(res.body.checkoutUrl);
    expect(url.pathname).toBe(`/c/${res.body.checkoutKey}`);
    const page = await t.request('GET', url.pathname, { token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`)).body).toMatchObject({ checkoutUrl: res.body.checkoutUrl, checkoutKey: res.body.checkoutKey });
  });

  it("sends the pay-by-link example's notifyBy as the order's payer notifications: the payment link by email, SMS and WhatsApp", async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { body: JSON.stringify(examples['Order request with paybylink']), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(res.body.orderOptions.notifyBy).toEqual((examples['Order request with paybylink'] as any).orderOptions.notifyBy);
    await runExpiry(t);
    const sent = await t.request('GET', `/v1/orders/${v1OrderId(res.body.orderId)}/notifications`);
    expect(sent.status).toBe(200);
    const byChannel = Object.fromEntries(sent.body.data.map((n: { channel: string; purpose: string; recipient: string }) => [n.channel, [n.purpose, n.recipient]]));
    // customeremail@mail.com and +351 123123123, masked as /v1 shows recipients.
    expect(byChannel).toEqual({ email: ['payment_link', 'c************@mail.com'], sms: ['payment_link', '+35********23'], whatsapp: ['payment_link', '+35********23'] });
  });

  it('sets expiresAt to creation + expiresIn + sessionExpiresIn, and /v1 shows the same expiry', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { body: examples['Order request full'] });
    expect(res.body.expiresAt).toBe('2026-11-23T12:25:00Z');
    const v1 = await t.request('GET', `/v1/orders/${v1OrderId(res.body.orderId)}`);
    expect(v1.body.expires_at).toBe('2026-11-23T12:25:00.000Z');

    const days = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'd', orderOptions: { expiresIn: '1.02:00:00' } } });
    expect(days.body.expiresAt).toBe('2026-11-24T14:00:00Z');
    const none = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'n' } });
    expect(none.body.expiresAt).toBe('2026-11-24T12:00:00Z');
  });

  it('makes the one order /v1 sees: amount, reference, line items, methods, metadata, redirect and locale', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders', { body: examples['Order request full'] });
    const v1 = await t.request('GET', `/v1/orders/${v1OrderId(res.body.orderId)}`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      status: 'open',
      amount: 5000,
      currency: 'EUR',
      reference: 'ABC123456',
      metadata: { key1: '1', key2: 'value' },
      payment_methods: ['card', 'multibanco', 'sepa_debit', 'ideal', 'mb_way'],
      redirect_url: 'https://your-site-url/payment-finished',
      locale: 'en-US',
    });
    expect(v1.body.line_items.map((i: { type: string }) => i.type)).toEqual(['product', 'travel', 'stay']);
    const events = await t.request('GET', `/v1/events?object=${v1.body.id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['order.created']);
  });

  it('binds as Paybyrd does: any-case names, numeric strings, numbers as text, nulls, unknown properties, the legacy amount', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/orders', {
      body: {
        ISOAmount: '1250',
        Currency: 'eur',
        OrderRef: 4101207154,
        Shopper: { FirstName: 'Ana', PhoneCountryCode: '351', lastName: null },
        ShoppingCart: { items: [{ type: 'Physical', amount: '1250', description: 'Mug' }] },
        paymentOptions: { useSimulated: true, AllowedPaymentMethods: ['card', 'Mbway'] },
        expiresIn: 30,
        metadata: null,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      isoAmount: 1250,
      amount: '12.50',
      currency: 'EUR',
      orderRef: '4101207154',
      shopper: { firstName: 'Ana', phoneCountryCode: 351 },
      shoppingCart: [{ type: 'Product', amount: 1250, description: 'Mug' }],
      paymentOptions: { allowedPaymentMethods: ['CARD', 'MBWAY'] },
    });
    expect(res.body.shopper).not.toHaveProperty('lastName');
    expect(res.body).not.toHaveProperty('metadata');

    const legacy = await paybyrd(t, 'POST', '/api/v2/orders', { body: { amount: '12.50', currency: 'EUR', orderRef: 'legacy' } });
    expect(legacy.status).toBe(201);
    expect(legacy.body).toMatchObject({ isoAmount: 1250, amount: '12.50' });
  });

  it('replays a retried Idempotency-Key as /v1 does, making one order', async () => {
    const headers = { 'idempotency-key': 'byrd-retry' };
    const body = { isoAmount: 700, currency: 'EUR', orderRef: 'idem-byrd' };
    const first = await paybyrd(t, 'POST', '/api/v2/orders', { body, headers });
    const second = await paybyrd(t, 'POST', '/api/v2/orders', { body, headers });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const list = await t.request('GET', '/v1/orders?reference=idem-byrd');
    expect(list.body.data).toHaveLength(1);
  });

  it('publishes its OpenAPI document, generated from its routes, with x-api-key', async () => {
    const doc = await t.request('GET', '/compat/paybyrd/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/api/v1/settings',
      '/api/v1/settings/{id}',
      '/api/v1/webhooks',
      '/api/v1/webhooks/resend',
      '/api/v1/webhooks/{id}/attempts',
      '/api/v2/capture/{transactionId}',
      '/api/v2/orders',
      '/api/v2/orders/{orderId}',
      '/api/v2/orders/{orderId}/cancel',
      '/api/v2/payment',
      '/api/v2/refund/{transactionId}',
      '/api/v2/transactions/{transactionId}',
    ]);
    expect(doc.body.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.body.paths['/api/v2/orders'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('isoAmount');
  });

  it('is served at the root of its own Host name', async () => {
    const hosted = await startTestApp({ faces: { ...t.services.config.faces, paybyrd: { ...t.services.config.faces.paybyrd, hosts: ['paybyrd.pay.test'] } } });
    try {
      const res = await hosted.request('POST', '/api/v2/orders', {
        token: null,
        body: { isoAmount: 100, currency: 'EUR', orderRef: 'host' },
        headers: { host: 'paybyrd.pay.test', 'x-api-key': hosted.merchant.token },
      });
      expect(res.status).toBe(201);
      expect(res.body.code).toBe('BYRD200');
    } finally {
      await hosted.close();
    }
  });
});
