import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type Response, type TestApp } from './helpers.js';

describe('hostile input gets a 4xx naming the field, never a 500 or a row', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const countOrders = async () => (await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM orders'))[0]!.n;

  function expectField(res: Response, path: string, where: string, code: string) {
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: where, code }));
  }

  it.each([
    ['a NUL character', '"ab\\u0000c"'],
    ['a lone high surrogate', '"ab\\ud800c"'],
    ['a lone low surrogate', '"\\udc00"'],
  ])('refuses %s in any string of a body, keys included', async (_name, literal) => {
    const before = await countOrders();
    expectField(await t.request('POST', '/v1/orders', { body: `{"amount":100,"currency":"BRL","reference":${literal}}`, headers: { 'content-type': 'application/json' } }), '/reference', 'body', 'invalid_text');
    expectField(await t.request('POST', '/v1/orders', { body: `{"amount":100,"currency":"BRL","metadata":{"k":${literal}}}`, headers: { 'content-type': 'application/json' } }), '/metadata/k', 'body', 'invalid_text');
    expectField(await t.request('POST', '/v1/orders', { body: `{"amount":100,"currency":"BRL","metadata":{${literal}:"v"}}`, headers: { 'content-type': 'application/json' } }), `/metadata/${JSON.parse(literal)}`, 'body', 'invalid_text');
    expectField(await t.request('POST', '/v1/customers', { body: `{"name":${literal}}`, headers: { 'content-type': 'application/json' } }), '/name', 'body', 'invalid_text');
    expect(await countOrders()).toBe(before);
  });

  it('answers a body nested ten thousand deep with a 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expectProblem(await t.request('POST', '/v1/customers', { body: deep, headers: { 'content-type': 'application/json' } }), 400, 'validation_error');
    const inField = `{"amount":100,"currency":"BRL","metadata":{"k":${'['.repeat(10_000)}"\\u0000"${']'.repeat(10_000)}}}`;
    expectProblem(await t.request('POST', '/v1/orders', { body: inField, headers: { 'content-type': 'application/json' } }), 400, 'validation_error');
  });

  it('refuses a query value that is not validly percent-encoded', async () => {
    expectProblem(await t.request('GET', '/v1/orders?reference=%zz'), 400, 'bad_request');
    expectProblem(await t.request('GET', '/v1/customers?email=a%ED%A0%80b'), 400, 'bad_request');
    expect((await t.request('GET', '/v1/orders?reference=caf%C3%A9')).status).toBe(200);
  });

  it('keeps a well-formed pair of surrogates (an emoji) as it was sent', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'gift 🎁' }) });
    expect(res.status).toBe(201);
    expect((await t.request('GET', `/v1/orders/${res.body.id}`)).body.reference).toBe('gift 🎁');
  });

  it('refuses NUL and lone surrogates in the query and the path', async () => {
    expectField(await t.request('GET', '/v1/orders?reference=a%00b'), '/reference', 'query', 'invalid_text');
    expectField(await t.request('GET', '/v1/customers?email=a%00b%40example.com'), '/email', 'query', 'invalid_text');
    expectField(await t.request('GET', '/v1/orders/ord_%00'), '/id', 'path', 'invalid_text');
  });

  it('lists at most 50 invalid fields, with a count of the rest, quickly', async () => {
    const body = JSON.stringify({ amount: 100, currency: 'BRL', payment_methods: Array.from({ length: 100_000 }, () => 1) });
    const started = performance.now();
    const res = await t.request('POST', '/v1/orders', { body, headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors.length).toBeLessThanOrEqual(50);
    expect(res.body.errors_omitted).toBeGreaterThan(0);
    expect(JSON.stringify(res.body).length).toBeLessThan(20_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it.each(['2026-12-31T23:59:60Z', '2026-12-01T00:00:00+23', '2026-12-01T00:00:00+24:00', '0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z'])(
    'refuses the date-time %s with a 400 on both stores',
    async (value) => {
      expectField(await t.request('GET', `/v1/orders?created[gte]=${encodeURIComponent(value)}`), '/created[gte]', 'query', 'invalid');
      expectField(await t.request('GET', `/v1/customers?created[lt]=${encodeURIComponent(value)}`), '/created[lt]', 'query', 'invalid');
      expectField(await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: value }) }), '/expires_at', 'body', 'invalid');
    },
  );

  it('accepts the edges of the calendar it allows', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2028-02-29T12:00:00-03:00', '2026-12-01T00:00:00.123456+05:30']) {
      expect((await t.request('GET', `/v1/orders?created[gte]=${encodeURIComponent(value)}`)).status).toBe(200);
    }
  });

  it.each(['0x10', '1e1', ' 10', '10 ', '+10', '010.0', ''])('reads limit=%j as no integer: decimal digits only', async (value) => {
    expectField(await t.request('GET', `/v1/orders?limit=${encodeURIComponent(value)}`), '/limit', 'query', 'wrong_type');
  });

  it('refuses a JSON body in a charset other than UTF-8, and bytes that are not UTF-8', async () => {
    const latin1 = Buffer.from('{"amount":100,"currency":"BRL","reference":"caf\xe9"}', 'latin1');
    const res = await t.app.inject({ method: 'POST', url: '/v1/orders', headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json; charset=latin1' }, payload: latin1 });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
    const raw = await t.app.inject({ method: 'POST', url: '/v1/orders', headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json' }, payload: latin1 });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().code).toBe('invalid_json');
    const utf8 = await t.app.inject({ method: 'POST', url: '/v1/orders', headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json; charset="UTF-8"' }, payload: Buffer.from('{"amount":100,"currency":"BRL","reference":"café"}') });
    expect(utf8.statusCode).toBe(201);
    expect(utf8.json().reference).toBe('café');
  });
});
