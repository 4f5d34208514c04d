import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


describe('GET /v1/events/:id errors', () => {
  it('answers 404 resource_missing for an event that does not exist, naming the id', async () => {
    const id = 'evt_0000000000000000000000000a';
    const res = await t.request('GET', `/v1/events/${id}`);
    expectProblem(res, 404, 'resource_missing', `/v1/events/${id}`);
    expect(res.body.detail).toContain(id);
  });

  it("answers 404 for another object's id, even one that has events", async () => {
    const customer = (await t.request('POST', '/v1/customers', { body: {} })).body;
    expectProblem(await t.request('GET', `/v1/events/${customer.id}`), 404, 'resource_missing', `/v1/events/${customer.id}`);
  });

  it.each(['garbage', 'evt_', 'evt_zzzzzzzzzzzzzzzzzzzzzzzzzz', '00000000-0000-0000-0000'])('answers 404 for the malformed id %j', async (id) => {
    expectProblem(await t.request('GET', `/v1/events/${id}`), 404, 'resource_missing', `/v1/events/${id}`);
  });

  it('refuses an id over 64 characters with 400 at /id', async () => {
    const id = 'e'.repeat(65);
    const res = await t.request('GET', `/v1/events/${id}`);
    expectProblem(res, 400, 'validation_error', `/v1/events/${id}`);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/id', in: 'path', code: 'too_large' })]);
  });
});
