import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/webhook_endpoints', () => {
  it('creates an enabled endpoint and answers 201 with its id and its secret, shown this once', async () => {
    const res = await t.request('POST', '/v1/webhook_endpoints', {
      body: { url: 'https://shop.example.com/hooks/payorders', enabled_events: ['order.paid', 'payment.*'], description: 'Shop', metadata: { env: 'prod' } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^we_[0-9a-z]{26}$/),
      object: 'webhook_endpoint',
      livemode: false,
      url: 'https://shop.example.com/hooks/payorders',
      description: 'Shop',
      metadata: { env: 'prod' },
      enabled_events: ['order.paid', 'payment.*'],
      status: 'enabled',
      disabled_reason: null,
      failing_since: null,
      previous_secret_expires_at: null,
      created_at: t.clock.now().toISOString(),
      updated_at: t.clock.now().toISOString(),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(Buffer.from(res.body.secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    const { secret, ...shown } = res.body;
    const read = await t.request('GET', `/v1/webhook_endpoints/${res.body.id}`);
    expect(read.body).toEqual(shown);
    expect(JSON.stringify(read.body)).not.toContain(secret);
  });

  it('gives every endpoint its own secret', async () => {
    const body = { url: 'https://a.example.com/h', enabled_events: ['*'] };
    const [a, b] = [await t.request('POST', '/v1/webhook_endpoints', { body }), await t.request('POST', '/v1/webhook_endpoints', { body })];
    expect(a.body.secret).not.toBe(b.body.secret);
  });

  it('defaults description and metadata, and keeps each event type once', async () => {
    const res = await t.request('POST', '/v1/webhook_endpoints', { body: { url: 'https://b.example.com/h', enabled_events: ['order.created', 'order.created', '*'] } });
    expect(res.body).toMatchObject({ description: null, metadata: {}, enabled_events: ['order.created', '*'] });
  });

  it('takes http and local receivers in test mode (self-hosting, tests)', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:3001/h', 'http://[::1]:9000/h', 'http://10.0.0.5/h']) {
      const res = await t.request('POST', '/v1/webhook_endpoints', { body: { url, enabled_events: ['*'] } });
      expect(res.status, url).toBe(201);
    }
  });

  it('takes a public https URL in live mode', async () => {
    const res = await t.request('POST', '/v1/webhook_endpoints', { token: t.merchant.live, body: { url: 'https://93.184.215.14/h', enabled_events: ['*'] } });
    expect(res.status).toBe(201);
    expect(res.body.livemode).toBe(true);
  });

  it('is created by an owner user too', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await t.request('POST', '/v1/webhook_endpoints', { token: owner.token, body: { url: 'https://o.example.com/h', enabled_events: ['*'] } });
    expect(res.status).toBe(201);
  });

  it('replays the same answer, secret included, for a retry with the same Idempotency-Key', async () => {
    const request = { body: { url: 'https://i.example.com/h', enabled_events: ['*'] }, headers: { 'idempotency-key': 'we-create-1' } };
    const first = await t.request('POST', '/v1/webhook_endpoints', request);
    const again = await t.request('POST', '/v1/webhook_endpoints', request);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const list = await t.request('GET', '/v1/webhook_endpoints?limit=100');
    expect(list.body.data.filter((e: { url: string }) => e.url === 'https://i.example.com/h')).toHaveLength(1);
  });
});
