import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function expectQueryError(res: Response, path: string, code: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 400, code: 'validation_error', instance: '/v1/customers' });
  expect(res.body.request_id).toBe(res.headers['request-id']);
  expect(res.body.errors).toEqual([expect.objectContaining({ path, in: 'query', code })]);
}

describe('GET /v1/customers refuses bad queries with 400', () => {
  it.each([
    ['0', 'too_small'],
    ['101', 'too_large'],
    ['-1', 'too_small'],
    ['ten', 'wrong_type'],
    ['1.5', 'wrong_type'],
  ])('refuses limit=%s', async (limit, code) => {
    expectQueryError(await t.request('GET', `/v1/customers?limit=${limit}`), '/limit', code);
  });

  it.each([
    ['starting_after', 'garbage'],
    ['starting_after', 'ord_01jd0000000000000000000000'],
    ['ending_before', 'evt_01jd0000000000000000000000'],
    ['ending_before', 'cus_short'],
  ])('refuses %s=%s that is not a customer id', async (param, value) => {
    expectQueryError(await t.request('GET', `/v1/customers?${param}=${value}`), `/${param}`, 'invalid_id');
  });

  it('refuses a cursor over 64 characters', async () => {
    expectQueryError(await t.request('GET', `/v1/customers?starting_after=${'c'.repeat(65)}`), '/starting_after', 'too_large');
  });

  it.each(['yesterday', '2026-11-23', '1732363200.5', '-1'])('refuses created[gte]=%s that is neither a date-time nor unix seconds', async (value) => {
    expectQueryError(await t.request('GET', `/v1/customers?created[gte]=${value}`), '/created[gte]', 'invalid');
  });

  it('refuses a bad created[lt]', async () => {
    expectQueryError(await t.request('GET', '/v1/customers?created[lt]=soon'), '/created[lt]', 'invalid');
  });

  it.each(['foo=1', 'emial=a@example.com', 'created[gtee]=2026-11-23T00:00:00Z', 'livemode=true'])(
    'refuses the unknown query parameter in %s',
    async (query) => {
      expectQueryError(await t.request('GET', `/v1/customers?${query}`), `/${query.split('=')[0]}`, 'unknown_field');
    },
  );

  it('says what a time bound takes', async () => {
    const res = await t.request('GET', '/v1/customers?created[lte]=soon');
    expect(res.body.errors[0].message).toBe('must be an RFC 3339 timestamp (2026-11-23T12:00:00Z) or unix seconds (1795435200)');
  });

  it('refuses starting_after with ending_before, and a cursor naming no customer of the caller', async () => {
    const mine = (await t.request('POST', '/v1/customers', { body: { name: 'Mine' } })).body.id;
    expectQueryError(await t.request('GET', `/v1/customers?starting_after=${mine}&ending_before=${mine}`), '/ending_before', 'conflict');
    const other = await t.newMerchant();
    const theirs = (await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Theirs' } })).body.id;
    for (const cursor of [theirs, 'cus_01jd0000000000000000000000']) {
      const res = await t.request('GET', `/v1/customers?starting_after=${cursor}`);
      expectQueryError(res, '/starting_after', 'resource_missing');
      expect(res.body.detail).toBe(`starting_after has no such customer: '${cursor}'`);
    }
    expect((await t.request('GET', `/v1/customers?ending_before=${mine}`)).status).toBe(200);
  });

  it('refuses an email filter over 254 characters', async () => {
    expectQueryError(await t.request('GET', `/v1/customers?email=${'a'.repeat(255)}`), '/email', 'too_large');
  });

  it('answers 405 method_not_allowed problem+json with Allow for a method the route does not have', async () => {
    const res = await t.request('DELETE', '/v1/customers');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'method_not_allowed', instance: '/v1/customers' });
  });
});

describe('GET /v1/customers with an empty email filter', () => {
  it('refuses it instead of listing every customer', async () => {
    const res = await t.request('GET', '/v1/customers?email=');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: '/email', in: 'query' });
  });
});
