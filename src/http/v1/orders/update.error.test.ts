import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id (update) refuses', () => {
  it('fields that cannot be changed, and metadata growing past 50 keys', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody() });
    const amount = await t.request('POST', `/v1/orders/${created.body.id}`, { body: { amount: 1 } });
    expect(amount.status).toBe(400);
    expect(amount.body.errors[0]).toMatchObject({ path: '/amount', code: 'unknown_field' });
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect((await t.request('POST', `/v1/orders/${created.body.id}`, { body: { metadata: fifty } })).status).toBe(200);
    const oneMore = await t.request('POST', `/v1/orders/${created.body.id}`, { body: { metadata: { extra: 'v' } } });
    expect(oneMore.status).toBe(400);
    expect(oneMore.body.errors[0]).toMatchObject({ path: '/metadata', code: 'too_many_keys' });
  });

  it('an order that does not exist or is not yours (404)', async () => {
    const other = await t.newMerchant();
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() });
    const res = await t.request('POST', `/v1/orders/${theirs.body.id}`, { body: { metadata: { x: 'y' } } });
    expect(res.status).toBe(404);
    expect((await t.request('GET', `/v1/orders/${theirs.body.id}`, { token: other.token })).body.metadata).toEqual({});
  });
});
