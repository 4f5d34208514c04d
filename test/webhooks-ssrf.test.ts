import { describe, expect, it } from 'vitest';
import type { Resolver } from '../src/outbound/http-client.js';
import { orderBody } from './helpers.js';
import { createEndpoint, deliverWebhooks, webhookTest } from './webhooks.js';

/**
 * Live endpoints may only reach public addresses, and that is decided on the address the connection goes
 * to, at send time: a name that resolves to 127.0.0.1 (or to the metadata service) is refused whatever it
 * resolved to when the endpoint was saved. Names resolve through the client's resolver seam, never DNS.
 * This app lets live endpoints use http, so the receiver on 127.0.0.1 can stand in for a public server.
 */

const { t, receiver } = await webhookTest();
t.services.config.webhooks.allowHttp = 'all';

const resolvingTo =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function liveOrderTo(url: string, token?: string) {
  const merchant = await t.newMerchant();
  const key = token ?? merchant.live;
  const endpoint = await createEndpoint(t, url, {}, key);
  await t.request('POST', '/v1/orders', { token: key, body: orderBody() });
  return { merchant, endpoint, key };
}

const lastAttempt = async (key: string, endpointId: string) =>
  (await t.request('GET', `/v1/webhook_endpoints/${endpointId}/deliveries`, { token: key })).body.data[0];

describe('live endpoints: checked on the resolved address at send time', () => {
  it.each([
    ['127.0.0.1', ['127.0.0.1']],
    ['::1 and 127.0.0.1', ['::1', '127.0.0.1']],
    ['the metadata service', ['169.254.169.254']],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['a private network address', ['10.1.2.3']],
  ])('refuses a name that resolves to %s, connecting nowhere', async (_label, addresses) => {
    const { endpoint, key } = await liveOrderTo(`http://evil.test:${receiver.port}/hook`);
    await deliverWebhooks(t, { resolver: resolvingTo({ 'evil.test': addresses }) });
    expect(receiver.requests).toEqual([]);
    expect(await lastAttempt(key, endpoint.id)).toMatchObject({ status: 'pending', attempts: 1, last_attempt: { error: 'blocked_address', response_status: null } });
  });

  it('refuses at send time an address the operator allowed when the endpoint was saved and no longer does', async () => {
    t.services.config.webhooks.allowPrivate = 'all';
    const saved = await liveOrderTo(receiver.url).finally(() => (t.services.config.webhooks.allowPrivate = 'test'));
    await deliverWebhooks(t);
    expect(receiver.requests).toEqual([]);
    expect((await lastAttempt(saved.key, saved.endpoint.id)).last_attempt.error).toBe('blocked_address');
  });

  it('reports a name that does not resolve as dns_failure', async () => {
    const { endpoint, key } = await liveOrderTo(`http://nowhere.test:${receiver.port}/hook`);
    await deliverWebhooks(t, { resolver: resolvingTo({}) });
    expect((await lastAttempt(key, endpoint.id)).last_attempt.error).toBe('dns_failure');
  });
});

describe('test endpoints may reach local receivers', () => {
  it('delivers to a name that resolves to 127.0.0.1 for a test-mode endpoint, connecting to the address its resolver gave', async () => {
    const merchant = await t.newMerchant();
    const { endpoint, key } = await liveOrderTo(`http://shop.test:${receiver.port}/hook`, merchant.token);
    const asked: string[] = [];
    const resolver: Resolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    await deliverWebhooks(t, { resolver });
    expect(asked).toEqual(['shop.test']);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers.host).toBe(`shop.test:${receiver.port}`);
    expect((await lastAttempt(key, endpoint.id)).status).toBe('delivered');
  });

  it('refuses them too when the operator says none (PAYORDERS_WEBHOOK_ALLOW_PRIVATE=none)', async () => {
    const merchant = await t.newMerchant();
    const { endpoint, key } = await liveOrderTo(`http://shop.test:${receiver.port}/hook`, merchant.token);
    await deliverWebhooks(t, { resolver: resolvingTo({ 'shop.test': ['127.0.0.1'] }), config: { allowPrivate: 'none' } });
    expect(receiver.requests).toEqual([]);
    expect((await lastAttempt(key, endpoint.id)).last_attempt.error).toBe('blocked_address');
  });
});
