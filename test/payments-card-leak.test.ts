import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { TEST_CARDS } from '../src/rails/card/test-cards.js';
import { createApiKey } from '../src/services/accounts.js';
import { startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';

/**
 * Card numbers and CVCs never touch the database, the logs, the events or any response: every card flow is
 * driven through an app that logs everything (level trace) to memory, then all of it is searched.
 */
const NUMBERS = [...Object.keys(TEST_CARDS), '6362970000457013', '6062825624254001', '378282246310005', '4111111111111111'];
/** CVCs no amount, fee or id of these flows spells on its own. */
const CVC = '946';
const AMEX_CVC = '8461';
const BAD_NUMBER = '4242424242424241';

let t: TestApp;
let app: App;
let publishable: string;
const log: string[] = [];
const responses: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString('utf8'));
      done();
    },
  });
  ({ app } = await buildApp(t.services, pino({ level: 'trace' }, stream)));
  await app.ready();
  publishable = (await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'pk')).publishable;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

async function call(method: string, url: string, body?: unknown, token: string | null = t.merchant.token, form?: string) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    payload: form ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  responses.push(JSON.stringify(res.headers), res.body);
  return { status: res.statusCode, body: String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body };
}

const cardOf = (number: string) => ({ number, exp_month: 11, exp_year: 2031, cvc: number.startsWith('3') ? AMEX_CVC : CVC });

async function pay(number: string, terms: Record<string, unknown> = {}, order: Record<string, unknown> = {}) {
  const created = await call('POST', '/v1/orders', { amount: 15000, currency: 'BRL', ...order });
  const token = await call('POST', '/v1/tokens', { card: cardOf(number) }, publishable);
  expect(token.status, JSON.stringify(token.body)).toBe(201);
  return call('POST', `/v1/orders/${created.body.id}/payments`, { method: 'card', token: token.body.id, ...terms });
}

async function databaseDump(): Promise<string[]> {
  const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
  expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['card_tokens', 'payment_methods', 'payments', 'events', 'sandbox_cards', 'sandbox_card_charges', 'idempotency_keys']));
  const rows: string[] = [];
  for (const { table_name } of tables) rows.push(...(await t.db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`)).map((r) => `${table_name}: ${r.row}`));
  return rows;
}

describe('card data', () => {
  it('is in no log line, database row, event or response after every card flow', async () => {
    const customer = (await call('POST', '/v1/customers', { name: 'Leak Test' })).body.id;
    for (const number of NUMBERS) await pay(number, {}, { customer });
    // Every way a card is refused before it reaches the acquirer.
    await call('POST', '/v1/tokens', { card: { ...cardOf(BAD_NUMBER) } }, publishable);
    await call('POST', '/v1/tokens', { card: { ...cardOf('4242424242424242'), exp_year: 2020 } });
    await call('POST', '/v1/tokens', { card: { ...cardOf('4242424242424242'), cvc: '94' } });
    await call('POST', '/v1/tokens', { card: { ...cardOf('4242 4242 4242 424x') } });
    await call('POST', '/v1/tokens', { card: cardOf('4242424242424242'), extra: CVC });
    await call('POST', '/v1/tokens', { card: cardOf('4242424242424242') }, t.merchant.live);
    await call('POST', '/v1/tokens', `{"card": {"number": "4000000000000002", "cvc": "${CVC}"`);
    await call('POST', '/v1/orders', { card: cardOf('4000000000000002') }, publishable);
    // Idempotency-Key on tokenization is ignored: its record would hold a hash of the card.
    await app.inject({ method: 'POST', url: '/v1/tokens', headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json', 'idempotency-key': 'k-1' }, payload: JSON.stringify({ card: cardOf('5555555555554444') }) });
    // Manual capture, partial; void; expiry; 3-D Secure passed and failed; saved cards; refunds.
    const manual = await pay('4242424242424242', { capture_method: 'manual' });
    await call('POST', `/v1/payments/${manual.body.id}/capture`, { amount: 9000 });
    await call('POST', '/v1/refunds', { payment: manual.body.id, amount: 1000 });
    const voided = await pay('5555555555554444', { capture_method: 'manual' });
    await call('POST', `/v1/payments/${voided.body.id}/cancel`, {});
    await pay('4242424242424242', { capture_method: 'manual' });
    t.clock.advance(8 * 86_400_000);
    await runExpiry(t);
    for (const outcome of ['pass', 'fail']) {
      const challenged = await pay('4000000000003220', { save_payment_method: 'off_session' }, { customer, redirect_url: 'https://shop.example/back' });
      const path = new URL(challenged.body.next_action.url).pathname;
      await call('GET', path, undefined, null);
      await call('POST', path, undefined, null, `outcome=${outcome}`);
    }
    const saved = await pay('4000002500003155', { save_payment_method: 'off_session', payment_method_reference: 'leak-ref' }, { customer });
    await call('POST', new URL(saved.body.next_action.url).pathname, undefined, null, 'outcome=pass');
    const pm = saved.body.provider_metadata.payment_method;
    const order = await call('POST', '/v1/orders', { amount: 15000, currency: 'BRL', customer });
    await call('POST', `/v1/orders/${order.body.id}/payments`, { method: 'card', payment_method: pm, merchant_initiated: true });
    await call('GET', `/v1/payment_methods?customer=${customer}`);
    await call('GET', '/v1/payment_methods?reference=leak-ref');
    await call('GET', `/v1/payment_methods/${pm}`);
    await call('DELETE', `/v1/payment_methods/${pm}`);
    // What a merchant reads back: payments, orders, events (with their data), balance.
    await call('GET', '/v1/payments?limit=100');
    await call('GET', '/v1/orders?limit=100');
    let events = await call('GET', '/v1/events?limit=100');
    while (events.body.has_more) events = await call('GET', `/v1/events?limit=100&starting_after=${events.body.data.at(-1).id}`);
    await call('GET', '/v1/balance/transactions?limit=100');

    const dump = await databaseDump();
    expect(dump.some((row) => row.startsWith('card_tokens:'))).toBe(true);
    // The haystacks hold what was done: the searches below look where the card would be if it leaked.
    expect(log.length).toBeGreaterThan(50);
    expect(log.join('')).toContain('/v1/tokens');
    expect(responses.join('')).toContain('"last4":"4242"');
    expect(dump.join('')).toContain('"last4":"3155"');
    const haystacks: Array<[string, string[]]> = [
      ['log', log],
      ['database', dump],
      ['responses', responses],
    ];
    const cvcs = [CVC, AMEX_CVC].map((cvc) => new RegExp(`(^|[^0-9a-z])${cvc}([^0-9a-z]|$)`, 'i'));
    for (const [where, texts] of haystacks) {
      for (const text of texts) {
        for (const number of [...NUMBERS, BAD_NUMBER, '4242 4242 4242 424x']) expect(text.includes(number), `${where} holds ${number}: ${text.slice(0, 300)}`).toBe(false);
        for (const cvc of cvcs) expect(cvc.test(text), `${where} holds a CVC: ${text.slice(0, 300)}`).toBe(false);
        expect(text.toLowerCase()).not.toContain('"cvc"');
      }
    }
  });
});
