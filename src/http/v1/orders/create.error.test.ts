import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, orderBody, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function countRows() {
  const [orders] = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM orders');
  const [events] = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM events');
  return { orders: Number(orders!.n), events: Number(events!.n) };
}

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code, '/v1/orders');
}

const paths = (body: any) => (body.errors ?? []).map((e: { path: string }) => e.path).sort();

describe('POST /v1/orders refuses bad input with 4xx problem+json and writes nothing', () => {
  let before: { orders: number; events: number };
  beforeAll(async () => {
    before = await countRows();
  });
  afterAll(async () => {
    expect(await countRows()).toEqual(before);
  });

  it('names every missing required field', async () => {
    const res = await t.request('POST', '/v1/orders', { body: {} });
    expectProblem(res, 400, 'validation_error');
    expect(paths(res.body)).toEqual(['/currency']);
    expect(res.body.errors[0]).toMatchObject({ in: 'body', code: 'missing' });
    const noAmount = await t.request('POST', '/v1/orders', { body: { currency: 'BRL' } });
    expect(noAmount.body.errors).toEqual([expect.objectContaining({ path: '/amount', code: 'missing' })]);
  });

  it('takes exactly one of amount and amount_decimal, with no more decimals than the currency has', async () => {
    const both = await t.request('POST', '/v1/orders', { body: orderBody({ amount: 100, amount_decimal: '1.00' }) });
    expect(both.body.errors).toEqual([
      expect.objectContaining({ path: '/amount_decimal', code: 'conflict', message: expect.stringContaining('send only one of amount (minor units) and amount_decimal') }),
    ]);
    const tooPrecise = await t.request('POST', '/v1/orders', { body: { amount_decimal: '1.005', currency: 'BRL' } });
    expect(tooPrecise.body.errors).toEqual([expect.objectContaining({ path: '/amount_decimal', code: 'invalid_amount' })]);
    const yen = await t.request('POST', '/v1/orders', { body: { amount_decimal: '1.5', currency: 'JPY' } });
    expect(paths(yen.body)).toEqual(['/amount_decimal']);
    const zero = await t.request('POST', '/v1/orders', { body: { amount_decimal: '0.00', currency: 'USD' } });
    expect(paths(zero.body)).toEqual(['/amount_decimal']);
  });

  it.each([
    ['zero', 0, 'too_small'],
    ['negative', -100, 'too_small'],
    ['fractional', 10.5, 'wrong_type'],
    ['a string', '200.00', 'wrong_type'],
    ['oversized', 10 ** 16, 'too_large'],
  ])('refuses a %s amount', async (_name, amount, code) => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ amount }) });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/amount', code })]);
  });

  it('refuses an unsupported or malformed currency', async () => {
    const unknown = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'XYZ' }) });
    expectProblem(unknown, 400, 'validation_error');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '/currency', code: 'unsupported_currency' })]);
    const malformed = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'US' }) });
    expect(paths(malformed.body)).toEqual(['/currency']);
  });

  it('refuses unknown fields instead of dropping them', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ amout: 5, status: 'paid' }) });
    expectProblem(res, 400, 'validation_error');
    expect(paths(res.body)).toEqual(['/amout', '/status']);
    expect(res.body.errors[0].code).toBe('unknown_field');
  });

  it('points into nested fields', async () => {
    const res = await t.request('POST', '/v1/orders', {
      body: orderBody({ line_items: [{ type: 'product' }, { type: 'boat', quantity: 0 }], metadata: { k: 1 } }),
    });
    expect(paths(res.body)).toEqual(['/line_items/1/quantity', '/line_items/1/type', '/metadata/k']);
    const travelOnProduct = await t.request('POST', '/v1/orders', {
      body: orderBody({ line_items: [{ type: 'product', travel: { departure: 'GIG' } }] }),
    });
    expect(paths(travelOnProduct.body)).toEqual(['/line_items/0/travel']);
  });

  it('refuses payment methods that cannot take the order\'s currency, naming each by the index sent and saying why', async () => {
    const eur = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'EUR', payment_methods: ['card', 'pix', 'mb_way', 'boleto'] }) });
    expectProblem(eur, 400, 'validation_error');
    expect(eur.body.errors).toEqual([
      {
        path: '/payment_methods/1',
        code: 'currency_not_accepted',
        message: 'cannot take a EUR order: pix moves BRL only, and no operator exchange rate converts EUR→BRL (set one with PUT /v1/fx/rates)',
      },
      expect.objectContaining({ path: '/payment_methods/3', code: 'currency_not_accepted', message: expect.stringContaining('boleto moves BRL only') }),
    ]);
    expect(eur.body.detail).toBe(`payment_methods.1 ${eur.body.errors[0].message}`);
    // A scheme with no rail here still has its currency: MB WAY moves euros.
    const brl = await t.request('POST', '/v1/orders', { body: orderBody({ payment_methods: ['pix', 'mb_way'] }) });
    expect(brl.body.errors).toEqual([expect.objectContaining({ path: '/payment_methods/1', message: expect.stringContaining('mb_way moves EUR only') })]);
    const usd = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'USD', payment_methods: ['usdt_trc20'] }) });
    expect(usd.body.errors).toEqual([expect.objectContaining({ path: '/payment_methods/0', message: expect.stringContaining('converts USD→USDT') })]);
    const gbpCard = await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'GBP', payment_methods: ['card'] }) });
    expect(gbpCard.body.errors[0].message).toContain('card moves BRL, USD, EUR, ARS only, and no operator exchange rate converts GBP→BRL or GBP→USD or GBP→EUR or GBP→ARS');
  });

  it('refuses line items whose unit amounts do not add up to the amount, naming line_items', async () => {
    const short = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 29700, line_items: [{ type: 'product', quantity: 2, unit_amount: 2500 }, { type: 'product', unit_amount: 1000 }] }),
    });
    expectProblem(short, 400, 'validation_error');
    expect(short.body.errors).toEqual([
      {
        path: '/line_items',
        code: 'amount_mismatch',
        message: "add up to 6000 (quantity × unit_amount), not the order's amount 29700: when every item has a unit_amount, they add up to the amount exactly",
      },
    ]);
    const decimal = await t.request('POST', '/v1/orders', { body: { amount_decimal: '10.00', currency: 'BRL', line_items: [{ type: 'product', unit_amount: 999 }] } });
    expect(decimal.body.errors).toEqual([expect.objectContaining({ path: '/line_items', message: expect.stringContaining("add up to 999 (quantity × unit_amount), not the order's amount 1000") })]);
    // Items without a unit_amount account for the rest, but those priced cannot come to more than the amount.
    const over = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 5000, line_items: [{ type: 'product', quantity: 3, unit_amount: 2000 }, { type: 'stay', stay: { room_range: '2 stars' } }] }),
    });
    expect(over.body.errors).toEqual([
      expect.objectContaining({ path: '/line_items', code: 'amount_mismatch', message: expect.stringContaining('with a unit_amount add up to 6000') }),
    ]);
    // A million of the largest unit amount is summed exactly, past 2^53.
    const huge = await t.request('POST', '/v1/orders', { body: orderBody({ amount: 100, line_items: [{ type: 'product', quantity: 1_000_000, unit_amount: 9_999_999_999_999 }] }) });
    expect(huge.body.errors[0].message).toContain('add up to 9999999999999000000 ');
  });

  it('enforces metadata bounds', async () => {
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(paths((await t.request('POST', '/v1/orders', { body: orderBody({ metadata: tooMany }) })).body)).toEqual(['/metadata']);
    const longValue = await t.request('POST', '/v1/orders', { body: orderBody({ metadata: { k: 'x'.repeat(501) } }) });
    expect(paths(longValue.body)).toEqual(['/metadata/k']);
  });

  it('refuses an expiry in the past or more than 366 days ahead', async () => {
    const past = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2026-11-23T11:59:59Z' }) });
    expect(past.body.errors).toEqual([expect.objectContaining({ path: '/expires_at', code: 'in_the_past' })]);
    const far = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: '2027-11-25T12:00:00Z' }) });
    expect(far.body.errors).toEqual([expect.objectContaining({ path: '/expires_at', code: 'too_far' })]);
    const garbage = await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: 'tomorrow' }) });
    expect(paths(garbage.body)).toEqual(['/expires_at']);
  });

  it('refuses a customer, store or branch that does not exist', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ customer: 'cus_00000000000000000000000000' }) });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/customer', code: 'resource_missing' })]);
    expect((await t.request('POST', '/v1/orders', { body: orderBody({ store: 'sto_nope' }) })).body.errors[0].path).toBe('/store');
    expect((await t.request('POST', '/v1/orders', { body: orderBody({ branch: 'bra_nope' }) })).body.errors[0].path).toBe('/branch');
  });

  it('refuses a redirect_url that is not http(s) and a malformed locale', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ redirect_url: 'javascript:alert(1)', locale: 'not a locale' }) });
    expect(paths(res.body)).toEqual(['/locale', '/redirect_url']);
  });

  it('answers malformed JSON, an empty body and a wrong content type with 4xx', async () => {
    expectProblem(await t.request('POST', '/v1/orders', { body: '{"amount": 1,', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    expect((await t.request('POST', '/v1/orders', { body: '', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expectProblem(await t.request('POST', '/v1/orders', { body: 'amount=1', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expectProblem(await t.request('POST', '/v1/orders', { body: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, 'validation_error');
  });

  it('answers a huge body with 413', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ description: 'x'.repeat(300_000) }) });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('refuses an Idempotency-Key reused with a different body (422) and a malformed key (400)', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    expect((await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'first' }), headers })).status).toBe(201);
    const reused = await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'second' }), headers });
    expectProblem(reused, 422, 'idempotency_key_reused');
    const malformed = await t.request('POST', '/v1/orders', { body: orderBody(), headers: { 'idempotency-key': 'k'.repeat(256) } });
    expectProblem(malformed, 400, 'idempotency_key_invalid');
    // The accepted order above is the only write this file makes.
    before.orders += 1;
    before.events += 1;
  });

  it('does not store a failed attempt, so a corrected retry with the same key succeeds', async () => {
    const headers = { 'idempotency-key': 'fix-and-retry' };
    const failed = await t.request('POST', '/v1/orders', { body: orderBody({ customer: 'cus_00000000000000000000000000' }), headers });
    expect(failed.status).toBe(400);
    const fixed = await t.request('POST', '/v1/orders', { body: orderBody(), headers });
    expect(fixed.status).toBe(201);
    before.orders += 1;
    before.events += 1;
  });
});
