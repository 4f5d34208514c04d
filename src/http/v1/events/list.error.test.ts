import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.request('POST', '/v1/customers', { body: {} });
});
afterAll(() => t.close());

function expectQueryError(res: Response, path: string, code: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'urn:payorders:problem:validation_error', status: 400, code: 'validation_error', instance: '/v1/events' });
  expect(res.body.request_id).toBe(res.headers['request-id']);
  expect(res.body.errors).toEqual([expect.objectContaining({ path, in: 'query', code })]);
}

describe('GET /v1/events refuses bad queries with 400', () => {
  it.each([
    ['starting_after', 'garbage'],
    ['starting_after', 'cus_0000000000000000000000000a'],
    ['starting_after', 'evt_short'],
    ['ending_before', 'ord_0000000000000000000000000a'],
    ['ending_before', 'evt_zzzzzzzzzzzzzzzzzzzzzzzzzz'],
  ])('refuses %s=%s, which is not an event id', async (param, value) => {
    expectQueryError(await t.request('GET', `/v1/events?${param}=${value}`), `/${param}`, 'invalid_id');
  });

  it.each(['types=order.created', 'objects=cus_x', 'foo=', 'type[]=order.created', 'livemode=false'])('refuses the unknown parameter in %s', async (query) => {
    expectQueryError(await t.request('GET', `/v1/events?${query}`), `/${query.split('=')[0]}`, 'unknown_field');
  });

  it.each(['order', 'Order.Created', 'order.created;drop', '.created', 'x'.repeat(50) + '.' + 'y'.repeat(50), '*.created', 'order.*.created', 'order*', '**'])(
    'refuses the malformed type %j',
    async (type) => {
      const res = await t.request('GET', `/v1/events?type=${encodeURIComponent(type)}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: '/type/0', in: 'query' })]);
    },
  );

  it('points at the bad one of several types', async () => {
    const res = await t.request('GET', '/v1/events?type=order.created&type=BAD');
    expectQueryError(res, '/type/1', 'invalid');
  });

  it.each(['nope', 'cus_short', 'ord_zzzzzzzzzzzzzzzzzzzzzzzzzz'])('refuses object=%s, which is not an id', async (object) => {
    expectQueryError(await t.request('GET', `/v1/events?object=${object}`), '/object', 'invalid_id');
  });

  it.each([
    ['0', 'too_small'],
    ['101', 'too_large'],
    ['many', 'wrong_type'],
  ])('refuses limit=%s', async (limit, code) => {
    expectQueryError(await t.request('GET', `/v1/events?limit=${limit}`), '/limit', code);
  });

  it('refuses a created bound that is not a date-time', async () => {
    expectQueryError(await t.request('GET', '/v1/events?created[gte]=last-week'), '/created[gte]', 'invalid');
  });
});
