import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { createEndpoint } from '../../../../test/webhooks.js';

let t: TestApp;
let endpoint: { id: string };
let live: { id: string };
beforeAll(async () => {
  t = await startTestApp();
  endpoint = await createEndpoint(t, 'https://u.example.com/h');
  live = await createEndpoint(t, 'https://live.example.com/h', {}, t.merchant.live);
});
afterAll(() => t.close());

describe('POST /v1/webhook_endpoints/:id refuses', () => {
  it.each([
    [{ url: 'ftp://x.example.com' }, '/url'],
    [{ enabled_events: [] }, '/enabled_events'],
    [{ enabled_events: ['Order'] }, '/enabled_events/0'],
    [{ status: 'paused' }, '/status'],
    [{ secret: 'whsec_x' }, '/secret'],
    [{ format: 'glomopay' }, '/format'],
  ])('%j', async (body, path) => {
    const res = await t.request('POST', `/v1/webhook_endpoints/${endpoint.id}`, { body });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
  });

  it('a live endpoint moved to a private address, as on create', async () => {
    const res = await t.request('POST', `/v1/webhook_endpoints/${live.id}`, { token: t.merchant.live, body: { url: 'https://192.168.0.10/h' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/url', code: 'private_address' })]);
  });

  it('an endpoint that does not exist, or an id of another kind, with 404', async () => {
    for (const id of ['we_0000000000000000000000000a', 'ord_0000000000000000000000000a', 'nope']) {
      expectProblem(await t.request('POST', `/v1/webhook_endpoints/${id}`, { body: {} }), 404, 'resource_missing');
      expectProblem(await t.request('GET', `/v1/webhook_endpoints/${id}`), 404, 'resource_missing');
      expectProblem(await t.request('DELETE', `/v1/webhook_endpoints/${id}`), 404, 'resource_missing');
    }
  });
});
