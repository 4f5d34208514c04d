import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { pay } from './payments.js';

/** Orders priced in one currency and paid in another, through /v1 on the operator rates and a rates API served on loopback. */

const MINUTE = 60_000;

describe('FX-priced payments on operator rates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function merchantWithRates(rates: Array<{ base: string; quote: string; rate: string }>, spread?: number) {
    const m = await t.newMerchant();
    const put = await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    if (spread !== undefined) {
      const s = await t.request('POST', '/v1/settings/payments', { token: m.token, body: { fx_spread_basis_points: spread } });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
      expect(s.body.fx_spread_basis_points).toBe(spread);
    }
    return m;
  }

  async function usdOrder(token: string, amount = 10000) {
    const res = await t.request('POST', '/v1/orders', { token, body: orderBody({ amount, currency: 'USD' }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  it('PUT /v1/fx/rates replaces the rates, GET shows them with their age; owners only', async () => {
    const m = await t.newMerchant();
    const put = await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'usd', quote: 'BRL', rate: '5.4321' }, { base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    expect(put.status).toBe(200);
    const now = t.clock.now().toISOString();
    expect(put.body).toEqual({
      object: 'fx_rates',
      livemode: false,
      source: 'operator',
      max_age_seconds: 3600,
      rates: [
        { base: 'USD', quote: 'BRL', rate: '5.4321', origin: 'merchant', fetched_at: now, stale: false },
        { base: 'USD', quote: 'USDT', rate: '1.0002', origin: 'merchant', fetched_at: now, stale: false },
      ],
    });
    expect((await t.request('GET', '/v1/fx/rates', { token: m.token })).body).toEqual(put.body);
    // Another merchant, and the live mode, see none of them.
    expect((await t.request('GET', '/v1/fx/rates')).body.rates).toEqual([]);
    expect((await t.request('GET', '/v1/fx/rates', { token: m.live })).body).toMatchObject({ livemode: true, rates: [] });
    // Replacing drops pairs not given.
    const replaced = await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'USD', quote: 'BRL', rate: '5.5' }] } });
    expect(replaced.body.rates).toEqual([expect.objectContaining({ quote: 'BRL', rate: '5.5' })]);
    const [, store] = await t.newUserOfEachRole(m.merchantId);
    expectProblem(await t.request('PUT', '/v1/fx/rates', { token: store!.token, body: { rates: [] } }), 403, 'forbidden');
    expect((await t.request('GET', '/v1/fx/rates', { token: store!.token })).status).toBe(200);
  });

  it.each([
    [{ base: 'USD', quote: 'BRL', rate: '5,43' }, '/rates/1/rate', 'invalid_rate'],
    [{ base: 'USD', quote: 'BRL', rate: '0' }, '/rates/1/rate', 'invalid_rate'],
    [{ base: 'USD', quote: 'BRL', rate: '1e3' }, '/rates/1/rate', 'invalid_rate'],
    [{ base: 'USD', quote: 'XYZ', rate: '1' }, '/rates/1/quote', 'unsupported_currency'],
    [{ base: 'USD', quote: 'USD', rate: '1' }, '/rates/1/quote', 'same_currency'],
    [{ base: 'USD', quote: 'ARS', rate: '2' }, '/rates/1', 'duplicate'],
  ])('refuses %j naming the field (%s), and keeps the rates it had', async (rate, path, code) => {
    const m = await merchantWithRates([{ base: 'USD', quote: 'BRL', rate: '5' }]);
    const res = await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'USD', quote: 'ARS', rate: '1000' }, rate] } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path, code })]);
    expect((await t.request('GET', '/v1/fx/rates', { token: m.token })).body.rates).toEqual([expect.objectContaining({ quote: 'BRL', rate: '5' })]);
  });

  it('a USD order paid by Pix in BRL: the payment asks for the converted amount with its locked quote; paying it pays the order in USD', async () => {
    const m = await merchantWithRates([{ base: 'USD', quote: 'BRL', rate: '5.4321' }], 150);
    const order = await usdOrder(m.token);
    const created = await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'brl' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const payment = created.body;
    const now = t.clock.now();
    const quoteExpiry = new Date(now.getTime() + 15 * MINUTE).toISOString();
    // 100.00 USD × 5.4321 × 1.015 = 551.358150 BRL → 551.36
    expect(payment).toMatchObject({
      amount: 55136,
      currency: 'BRL',
      amount_refunded: 0,
      refunded: false,
      expires_at: quoteExpiry,
      quote: {
        order_currency: 'USD',
        order_amount: 10000,
        rate: '5.4321',
        spread: '0.015',
        spread_basis_points: 150,
        rate_applied: '5.5135815',
        source: 'operator',
        fetched_at: now.toISOString(),
        expires_at: quoteExpiry,
      },
    });
    expect(payment.instructions.expires_at).toBe(quoteExpiry);
    expect((await t.request('GET', `/v1/payments/${payment.id}`, { token: m.token })).body).toEqual(payment);

    const paid = await pay(t, payment.id, undefined, m.token);
    // The sandbox's fee is 0.99% of what it received, in BRL: 545.85 centavos → 546
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 55136, currency: 'BRL', fee: 546 });
    expect(await getOrderAs(t, m.token, order.id)).toMatchObject({ status: 'paid', currency: 'USD', amount_paid: 10000, amount_due: 0, amount_overpaid: 0 });

    // The balance is in the order's currency; the fee converted at the locked price: 546 × 10000 / 55136 = 99.03 → 99.
    const txns = (await t.request('GET', '/v1/balance_transactions', { token: m.token })).body.data;
    expect(txns).toEqual([
      expect.objectContaining({
        currency: 'USD',
        amount: 10000,
        fee: 99,
        net: 9901,
        owed_to_payer: 0,
        // 551.36 BRL at 5.4321 is worth 101.5003… USD: 150 cents beyond the 100.00 priced
        fx: { currency: 'BRL', amount_received: 55136, fee: 546, rate_applied: '5.5135815', market_value: 10150, fx_difference: 150 },
      }),
    ]);
    expect((await t.request('GET', '/v1/balance', { token: m.token })).body.available).toEqual([{ currency: 'USD', amount: 9901 }]);
    const entries = await t.db.query<{ account: string; currency: string; amount: string | number }>(
      `SELECT account, currency, amount FROM ledger_entries WHERE merchant_id = $1 ORDER BY currency, account`,
      [m.merchantId],
    );
    expect(entries.map((e) => [e.currency, e.account, Number(e.amount)])).toEqual([
      ['BRL', 'fx_conversion', 55136],
      ['BRL', 'payer_funds', -55136],
      ['USD', 'fees', 99],
      ['USD', 'fx_conversion', -10150],
      ['USD', 'fx_spread', 150],
      ['USD', 'merchant_available', 9901],
    ]);
  });

  it('short and over in the paid currency count in proportion toward the order, by its money rules', async () => {
    const m = await merchantWithRates([{ base: 'USD', quote: 'BRL', rate: '5' }]);
    const order = await usdOrder(m.token);
    const first = (await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } })).body;
    expect(first.amount).toBe(50000);
    await pay(t, first.id, 20001, m.token); // 200.01 BRL = 40.002 USD → 40.00
    expect(await getOrderAs(t, m.token, order.id)).toMatchObject({ status: 'partially_paid', amount_paid: 4000, amount_due: 6000 });
    const rest = (await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } })).body;
    expect(rest).toMatchObject({ amount: 30000, quote: { order_amount: 6000 } });
    await pay(t, rest.id, 30050, m.token); // 300.50 BRL = 60.10 USD: 0.10 over
    expect(await getOrderAs(t, m.token, order.id)).toMatchObject({ status: 'overpaid', amount_paid: 10010, amount_overpaid: 10 });
  });

  it('a missing rate, or one older than the allowed age, is refused with 422 and nothing is written', async () => {
    const m = await merchantWithRates([{ base: 'USD', quote: 'BRL', rate: '5.4321' }]);
    const order = await usdOrder(m.token);
    const eur = await t.request('POST', `/v1/orders/${(await t.request('POST', '/v1/orders', { token: m.token, body: orderBody({ currency: 'EUR' }) })).body.id}/payments`, {
      token: m.token,
      body: { method: 'pix', currency: 'BRL' },
    });
    expectProblem(eur, 422, 'fx_rate_unavailable');
    expect(eur.body.detail).toMatch(/EUR→BRL/);

    t.clock.advance(3600_000 + 1000);
    const stale = await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } });
    expectProblem(stale, 422, 'fx_rate_unavailable');
    expect(stale.body.detail).toMatch(/older than the 3600 s allowed/);
    expect((await t.request('GET', '/v1/fx/rates', { token: m.token })).body.rates[0].stale).toBe(true);
    expect(await getOrderAs(t, m.token, order.id)).toMatchObject({ payments: [] });
    expect((await t.request('GET', '/v1/payments', { token: m.token })).body.data).toEqual([]);
    // Set again, it prices.
    await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'USD', quote: 'BRL', rate: '5.4321' }] } });
    expect((await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } })).status).toBe(201);
  });

  it('a currency the rail does not take is refused before pricing; the order\'s own currency needs no rate', async () => {
    const m = await t.newMerchant();
    const order = await usdOrder(m.token);
    expectProblem(await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'EUR' } }), 400, 'payment_method_not_allowed');
    const brl = (await t.request('POST', '/v1/orders', { token: m.token, body: orderBody() })).body;
    const same = await t.request('POST', `/v1/orders/${brl.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'BRL' } });
    expect(same.body).toMatchObject({ amount: 29700, currency: 'BRL', quote: null });
    expectProblem(await t.request('POST', `/v1/orders/${brl.id}/payments`, { token: m.token, body: { method: 'pix', currency: 'B$L' } }), 400, 'validation_error');
  });

  it('the spread is bounded', async () => {
    const res = await t.request('POST', '/v1/settings/payments', { body: { fx_spread_basis_points: 5001 } });
    expectProblem(res, 400, 'validation_error');
    expect((await t.request('GET', '/v1/settings/payments')).body.fx_spread_basis_points).toBe(0);
  });
});

describe('the rates file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-fx-'));
  it('is read at start-up, its rates dated by fetched_at; a bad file stops the start with the variable named', async () => {
    const file = join(dir, 'rates.json');
    writeFileSync(file, JSON.stringify({ fetched_at: '2026-11-23T11:30:00Z', rates: [{ base: 'USD', quote: 'BRL', rate: '5.25' }] }));
    const config = loadConfig({ PAYORDERS_FX_RATES_FILE: file });
    expect(config.fx.fileRates).toEqual([{ base: 'USD', quote: 'BRL', rate: '5.25', fetchedAt: new Date('2026-11-23T11:30:00Z') }]);
    const t = await startTestApp({ fx: config.fx });
    try {
      expect((await t.request('GET', '/v1/fx/rates')).body.rates).toEqual([
        { base: 'USD', quote: 'BRL', rate: '5.25', origin: 'rates_file', fetched_at: '2026-11-23T11:30:00.000Z', stale: false },
      ]);
      const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 1000, currency: 'USD' }) })).body;
      const payment = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix', currency: 'BRL' } });
      expect(payment.body).toMatchObject({ amount: 5250, quote: { rate: '5.25', fetched_at: '2026-11-23T11:30:00.000Z' } });
      // The merchant's own rate wins over the file's.
      await t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'BRL', rate: '5.3' }] } });
      const own = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix', currency: 'BRL' } });
      expect(own.body.amount).toBe(5300);
    } finally {
      await t.close();
    }
    for (const bad of ['{', '{"rates": {}}', '{"rates": [{"base": "USD", "quote": "BRL", "rate": 5.25}]}', '{"fetched_at": "yesterday", "rates": []}']) {
      writeFileSync(file, bad);
      expect(() => loadConfig({ PAYORDERS_FX_RATES_FILE: file })).toThrow(ConfigError);
      expect(() => loadConfig({ PAYORDERS_FX_RATES_FILE: file })).toThrow(/PAYORDERS_FX_RATES_FILE/);
    }
  });
});

describe('FX rates from a rates API (Coinbase /v2/exchange-rates shape) served on loopback', () => {
  let server: Server;
  let url: string;
  const calls: string[] = [];
  // Rates for USD only: any other base answers as Coinbase does for a currency it does not know.
  let answer: (base: string) => { status: number; body: unknown } = (base) =>
    base === 'USD'
      ? { status: 200, body: { data: { currency: base, rates: { BRL: '5.40000000000000', USDT: '0.99991' } } } }
      : { status: 400, body: { errors: [{ id: 'invalid_request', message: 'Invalid currency' }] } };
  let t: TestApp;

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      const base = new URL(req.url!, 'http://x').searchParams.get('currency')!;
      const { status, body } = answer(base);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fx = loadConfig({ PAYORDERS_FX_SOURCE: 'http', PAYORDERS_FX_HTTP_URL: url, PAYORDERS_FX_HTTP_API_KEY: 'key-1', PAYORDERS_FX_HTTP_TIMEOUT_MS: '3000' }).fx;
    t = await startTestApp({ fx });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const newPayment = async (currency: string, orderCurrency = 'USD') => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 2000, currency: orderCurrency }) })).body;
    return t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix', currency } });
  };

  it('prices with the API rate, read as written; asks once per base within the cache time', async () => {
    calls.length = 0;
    const first = await newPayment('BRL');
    expect(first.body).toMatchObject({ amount: 10800, quote: { rate: '5.4', source: `127.0.0.1:${new URL(url).port}`, fetched_at: t.clock.now().toISOString() } });
    await newPayment('BRL');
    expect(calls).toEqual([`GET /v2/exchange-rates?currency=USD Bearer key-1`]);
    t.clock.advance(61_000);
    await newPayment('BRL');
    expect(calls).toHaveLength(2);
  });

  it('a pair the API lacks, or writes in a form that is not a decimal string, is refused 422; operators cannot set rates', async () => {
    const eur = await newPayment('BRL', 'EUR');
    expectProblem(eur, 422, 'fx_rate_unavailable');
    expect(eur.body.detail).toMatch(/No http rate prices EUR→BRL/);
    answer = (base) => ({ status: 200, body: { data: { currency: base, rates: { BRL: 5.4 } } } }); // a JSON number: a float, not read
    t.clock.advance(61_000);
    expectProblem(await newPayment('BRL'), 422, 'fx_rate_unavailable');
    expectProblem(await t.request('PUT', '/v1/fx/rates', { body: { rates: [] } }), 409, 'conflict');
    expect((await t.request('GET', '/v1/fx/rates')).body).toMatchObject({ source: 'http', rates: [] });
  });

  it('an API that fails or cannot be reached answers 503 with nothing created', async () => {
    answer = () => ({ status: 500, body: { errors: [{ id: 'internal' }] } });
    t.clock.advance(61_000);
    const failed = await newPayment('BRL');
    expectProblem(failed, 503, 'provider_unavailable');
    expect((await t.request('GET', '/v1/payments')).body.data.filter((p: { currency: string; created_at: string }) => p.created_at === t.clock.now().toISOString())).toEqual([]);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = loadConfig({ PAYORDERS_FX_SOURCE: 'http', PAYORDERS_FX_HTTP_URL: `http://127.0.0.1:${port}` }).fx;
    const t2 = await startTestApp({ fx: down });
    try {
      const order = (await t2.request('POST', '/v1/orders', { body: orderBody({ currency: 'USD' }) })).body;
      const res = await t2.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix', currency: 'BRL' } });
      expectProblem(res, 503, 'provider_unavailable');
      expect(res.body.detail).toMatch(/could not be reached \(ECONNREFUSED\)/);
    } finally {
      await t2.close();
    }
  });
});

async function getOrderAs(t: TestApp, token: string, id: string) {
  return (await t.request('GET', `/v1/orders/${id}`, { token })).body;
}
