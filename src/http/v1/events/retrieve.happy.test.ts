import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/events/:id', () => {
  it('returns the event exactly as listed', async () => {
    const customer = (await t.request('POST', '/v1/customers', { body: { name: 'Retrieved', metadata: { a: 'b' } } })).body;
    const [listed] = (await t.request('GET', `/v1/events?object=${customer.id}`)).body.data;
    const res = await t.request('GET', `/v1/events/${listed.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(listed);
    expect(res.body).toMatchObject({ object: 'event', type: 'customer.created', livemode: false, data: { object: customer } });
  });

  it('keeps the object as it was at the time of the event, not as it is now', async () => {
    const customer = (await t.request('POST', '/v1/customers', { body: { name: 'First' } })).body;
    const [created] = (await t.request('GET', `/v1/events?object=${customer.id}`)).body.data;
    await t.request('POST', `/v1/customers/${customer.id}`, { body: { name: 'Second' } });
    expect((await t.request('GET', `/v1/events/${created.id}`)).body.data.object.name).toBe('First');
  });

  it('resolves the UUID spelling of the id', async () => {
    await t.request('POST', '/v1/customers', { body: {} });
    const [latest] = (await t.request('GET', '/v1/events?limit=1')).body.data;
    const res = await t.request('GET', `/v1/events/${decodeId('event', latest.id)}`);
    expect(res.body).toEqual(latest);
  });

  it('retrieves a live event with a live key', async () => {
    await t.request('POST', '/v1/customers', { token: t.merchant.live, body: {} });
    const [latest] = (await t.request('GET', '/v1/events?limit=1', { token: t.merchant.live })).body.data;
    const res = await t.request('GET', `/v1/events/${latest.id}`, { token: t.merchant.live });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: latest.id, livemode: true });
  });

  it('is readable by an owner user', async () => {
    const [latest] = (await t.request('GET', '/v1/events?limit=1')).body.data;
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    expect((await t.request('GET', `/v1/events/${latest.id}`, { token: owner.token })).body).toEqual(latest);
  });
});
