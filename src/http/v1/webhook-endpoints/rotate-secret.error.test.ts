import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { createEndpoint } from '../../../../test/webhooks.js';

let t: TestApp;
let endpoint: { id: string };
beforeAll(async () => {
  t = await startTestApp();
  endpoint = await createEndpoint(t, 'https://r.example.com/h');
});
afterAll(() => t.close());

describe('POST /v1/webhook_endpoints/:id/rotate_secret refuses', () => {
  it.each([[-1, 'too_small'], [604_801, 'too_large'], [1.5, 'wrong_type'], ['3600', 'wrong_type']])('overlap_seconds %j', async (overlap, code) => {
    const res = await t.request('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: { overlap_seconds: overlap } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/overlap_seconds', code })]);
  });

  it('an endpoint that does not exist, with 404', async () => {
    expectProblem(await t.request('POST', '/v1/webhook_endpoints/we_0000000000000000000000000a/rotate_secret', { body: {} }), 404, 'resource_missing');
  });
});
