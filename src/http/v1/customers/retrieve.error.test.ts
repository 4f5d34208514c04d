import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


describe('GET /v1/customers/:id errors', () => {
  it('answers 404 resource_missing for an id that does not exist, echoing the id', async () => {
    const id = 'cus_0000000000000000000000000a';
    const res = await t.request('GET', `/v1/customers/${id}`);
    expectProblem(res, 404, 'resource_missing', `/v1/customers/${id}`);
    expect(res.body.detail).toContain(id);
  });

  it.each([
    ['another kind of id', 'ord_01jd0000000000000000000000'],
    ['a malformed id', 'cus_nope'],
    ['a prefix with a bad character', 'cus_0000000000000000000000000u'],
    ['a 26-char id above 128 bits', 'cus_zzzzzzzzzzzzzzzzzzzzzzzzzz'],
    ['a malformed UUID', '0000-0000'],
  ])('answers 404 for %s', async (_name, id) => {
    expectProblem(await t.request('GET', `/v1/customers/${id}`), 404, 'resource_missing', `/v1/customers/${id}`);
  });

  it('refuses an id over 64 characters with 400 at /id in the path', async () => {
    const id = 'c'.repeat(65);
    const res = await t.request('GET', `/v1/customers/${id}`);
    expectProblem(res, 400, 'validation_error', `/v1/customers/${id}`);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/id', in: 'path', code: 'too_large' })]);
  });

  it('answers 404 route_not_found for a path under the id', async () => {
    expectProblem(await t.request('GET', '/v1/customers/cus_x/orders'), 404, 'route_not_found', '/v1/customers/cus_x/orders');
  });

  it('keeps the caller request id when one is sent', async () => {
    const res = await t.request('GET', '/v1/customers/cus_missing', { headers: { 'x-request-id': 'client-trace-42' } });
    expect(res.body.request_id).toBe('client-trace-42');
    expect(res.headers['request-id']).toBe('client-trace-42');
  });
});
