import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders', () => {
  it('creates an open order and returns it with 201', async () => {
    const res = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 29700, currency: 'brl', reference: 'PED-1', metadata: { cart: '42' } }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'order',
      livemode: false,
      status: 'open',
      amount: 29700,
      currency: 'BRL',
      amount_due: 29700,
      reference: 'PED-1',
      metadata: { cart: '42' },
      created_at: '2026-11-23T12:00:00.000Z',
      expires_at: '2026-11-24T12:00:00.000Z',
    });
    expect(res.body.id).toMatch(/^ord_[0-9a-z]{26}$/);
    expect(res.headers['request-id']).toBeTruthy();

    const fetched = await t.request('GET', `/v1/orders/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('records an order.created event with the order as data', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody() });
    const events = await t.request('GET', `/v1/events?object=${created.body.id}`);
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0]).toMatchObject({ type: 'order.created', data: { object: created.body } });
  });

  it('replays the first response for a retried Idempotency-Key, creating one order', async () => {
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'idem' }), headers });
    const second = await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'idem' }), headers });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const list = await t.request('GET', '/v1/orders?reference=idem');
    expect(list.body.data).toHaveLength(1);
  });

  it('treats a retry whose JSON lists the same fields in another order as the same request', async () => {
    const headers = { 'idempotency-key': 'reordered', 'content-type': 'application/json' };
    const first = await t.request('POST', '/v1/orders', {
      body: '{"amount":500,"currency":"EUR","metadata":{"a":"1","b":"2"},"line_items":[{"type":"product","sku":"x","quantity":2}]}',
      headers,
    });
    const retry = await t.request('POST', '/v1/orders', {
      body: '{"line_items":[{"quantity":2,"sku":"x","type":"product"}],"metadata":{"b":"2","a":"1"},"currency":"EUR","amount":500}',
      headers,
    });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });

  it('creates orders sent all at once, each with its event, one order per Idempotency-Key', async () => {
    // Requests that arrive together are written together (one statement); each must keep its own outcome.
    const keys = Array.from({ length: 10 }, (_, i) => `burst-${i}`);
    const post = (reference: string, key?: string) =>
      t.request('POST', '/v1/orders', { body: orderBody({ reference }), headers: key ? { 'idempotency-key': key } : {} });
    const responses = await Promise.all([
      ...keys.flatMap((key) => [post(key, key), post(key, key)]),
      ...Array.from({ length: 10 }, (_, i) => post(`burst-unkeyed-${i}`)),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    for (const [i, key] of keys.entries()) {
      const [a, b] = [responses[2 * i]!, responses[2 * i + 1]!];
      expect(b.body).toEqual(a.body);
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
      expect(a.body.reference).toBe(key);
    }
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(20);
    for (const id of ids) {
      const [order, events] = await Promise.all([t.request('GET', `/v1/orders/${id}`), t.request('GET', `/v1/events?object=${id}`)]);
      expect(order.body).toEqual(responses.find((r) => r.body.id === id)!.body);
      expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['order.created']);
    }
  });

  it('fails only the request at fault when requests sent together are written together', async () => {
    const responses = await Promise.all([
      t.request('POST', '/v1/orders', { body: orderBody({ reference: 'together-1' }) }),
      t.request('POST', '/v1/orders', { body: orderBody({ amount: 100 }), headers: { 'idempotency-key': 'together-clash' } }),
      t.request('POST', '/v1/orders', { body: orderBody({ amount: 200 }), headers: { 'idempotency-key': 'together-clash' } }),
      t.request('POST', '/v1/orders', { body: orderBody({ reference: 'together-2' }) }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 422]);
    const clash = responses.slice(1, 3);
    const failed = clash.find((r) => r.status === 422)!;
    expect(failed.body.code).toBe('idempotency_key_reused');
    const won = clash.find((r) => r.status === 201)!;
    expect((await t.request('GET', `/v1/orders/${won.body.id}`)).body).toEqual(won.body);
  });

  it('accepts the amount as an exact decimal string in major units', async () => {
    const brl = await t.request('POST', '/v1/orders', { body: { amount_decimal: '200.00', currency: 'BRL' } });
    const usd = await t.request('POST', '/v1/orders', { body: { amount_decimal: '0.29', currency: 'USD' } });
    const kwd = await t.request('POST', '/v1/orders', { body: { amount_decimal: '295.991', currency: 'KWD' } });
    expect([brl.body.amount, usd.body.amount, kwd.body.amount]).toEqual([20000, 29, 295991]);
  });

  it('keeps 0- and 3-decimal currencies exact in minor units', async () => {
    const jpy = await t.request('POST', '/v1/orders', { body: orderBody({ amount: 295, currency: 'JPY' }) });
    const kwd = await t.request('POST', '/v1/orders', { body: orderBody({ amount: 295991, currency: 'KWD' }) });
    expect([jpy.body.amount, jpy.body.currency, kwd.body.amount, kwd.body.currency]).toEqual([295, 'JPY', 295991, 'KWD']);
  });

  it('offers a method whose rail moves another currency once an exchange rate converts the order\'s to it, and the payment is priced with it', async () => {
    const m = await t.newMerchant();
    const body = orderBody({ amount: 10000, currency: 'EUR', payment_methods: ['card', 'mb_way', 'pix'] });
    expect((await t.request('POST', '/v1/orders', { token: m.token, body })).body.errors).toEqual([expect.objectContaining({ path: '/payment_methods/2' })]);
    expect((await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'EUR', quote: 'BRL', rate: '6.2' }] } })).status).toBe(200);
    const order = await t.request('POST', '/v1/orders', { token: m.token, body });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.payment_methods).toEqual(['card', 'mb_way', 'pix']);
    const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect(payment.body).toMatchObject({ amount: 62000, currency: 'BRL' });
    // The rate is the merchant's, for its mode: the live mode has none.
    expect((await t.request('POST', '/v1/orders', { token: m.live, body })).status).toBe(400);
  });

  it('takes line items that add up to the amount, and priced ones short of it beside items without a unit_amount', async () => {
    const exact = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 29700, line_items: [{ type: 'product', quantity: 2, unit_amount: 12350 }, { type: 'product', unit_amount: 5000 }] }),
    });
    expect(exact.status, JSON.stringify(exact.body)).toBe(201);
    const mixed = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 29700, line_items: [{ type: 'product', unit_amount: 5000 }, { type: 'stay', stay: { room_range: '2 stars' } }] }),
    });
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(201);
  });
});
