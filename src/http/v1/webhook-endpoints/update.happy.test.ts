import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../domain/ids.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { createEndpoint } from '../../../../test/webhooks.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const update = (id: string, body: unknown) => t.request('POST', `/v1/webhook_endpoints/${id}`, { body });

describe('POST /v1/webhook_endpoints/:id', () => {
  it('changes the URL, the events and the description; fields not sent stay as they are', async () => {
    const endpoint = await createEndpoint(t, 'https://old.example.com/h', { description: 'Old', metadata: { a: '1' } });
    t.clock.advance(1000);
    const res = await update(endpoint.id, { url: 'https://new.example.com/h', enabled_events: ['payment.*'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ url: 'https://new.example.com/h', enabled_events: ['payment.*'], description: 'Old', metadata: { a: '1' }, updated_at: t.clock.now().toISOString() });
    expect(res.body.secret).toBeUndefined();
    expect((await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`)).body).toEqual(res.body);
  });

  it('merges metadata (null removes a key) and clears the description with null', async () => {
    const endpoint = await createEndpoint(t, 'https://m.example.com/h', { description: 'D', metadata: { a: '1', b: '2' } });
    const res = await update(endpoint.id, { description: null, metadata: { b: null, c: '3' } });
    expect(res.body).toMatchObject({ description: null, metadata: { a: '1', c: '3' } });
  });

  it('disables and enables an endpoint', async () => {
    const endpoint = await createEndpoint(t, 'https://s.example.com/h');
    expect((await update(endpoint.id, { status: 'disabled' })).body).toMatchObject({ status: 'disabled', disabled_reason: 'merchant' });
    expect((await update(endpoint.id, { status: 'disabled' })).body).toMatchObject({ status: 'disabled', disabled_reason: 'merchant' });
    expect((await update(endpoint.id, { status: 'enabled' })).body).toMatchObject({ status: 'enabled', disabled_reason: null });
  });

  it('keeps the secret: updating does not rotate it', async () => {
    const endpoint = await createEndpoint(t, 'https://k.example.com/h');
    await update(endpoint.id, { url: 'https://k2.example.com/h' });
    const rotated = await t.request('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: { overlap_seconds: 0 } });
    expect(rotated.body.secret).not.toBe(endpoint.secret);
  });
});

describe('GET /v1/webhook_endpoints and /v1/webhook_endpoints/:id', () => {
  it('lists the mode’s endpoints newest first, with cursors, never with secrets', async () => {
    const merchant = await t.newMerchant();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createEndpoint(t, `https://l${i}.example.com/h`, {}, merchant.token));
    await createEndpoint(t, 'https://live.example.com/h', {}, merchant.live);
    const list = await t.request('GET', '/v1/webhook_endpoints?limit=2', { token: merchant.token });
    expect(list.body).toMatchObject({ object: 'list', has_more: true, url: '/v1/webhook_endpoints' });
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([made[2]!.id, made[1]!.id]);
    const rest = await t.request('GET', `/v1/webhook_endpoints?starting_after=${made[1]!.id}`, { token: merchant.token });
    expect(rest.body.data.map((e: { id: string }) => e.id)).toEqual([made[0]!.id]);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const live = await t.request('GET', '/v1/webhook_endpoints', { token: merchant.live });
    expect(live.body.data.map((e: { url: string }) => e.url)).toEqual(['https://live.example.com/h']);
  });

  it('retrieves an endpoint in either id spelling', async () => {
    const endpoint = await createEndpoint(t, 'https://r.example.com/h');
    const res = await t.request('GET', `/v1/webhook_endpoints/${decodeId('webhookEndpoint', endpoint.id)}`);
    expect(res.body.id).toBe(endpoint.id);
  });
});

describe('DELETE /v1/webhook_endpoints/:id', () => {
  it('deletes the endpoint; it is gone from reads and lists', async () => {
    const endpoint = await createEndpoint(t, 'https://d.example.com/h');
    const res = await t.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await t.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
  });
});
