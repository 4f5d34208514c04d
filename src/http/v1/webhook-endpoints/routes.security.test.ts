import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../../test/helpers.js';
import { createEndpoint, deliverWebhooks, webhookTest } from '../../../../test/webhooks.js';

/** Who may see and manage webhooks, on every webhook route at once. */

const { t, receiver } = await webhookTest();
let endpoint: { id: string; secret: string };
let delivery: { id: string };
let event: { id: string };
beforeAll(async () => {
  endpoint = await createEndpoint(t, receiver.url, { description: 'Secret shop' });
  await t.request('POST', '/v1/customers', { body: {} });
  await deliverWebhooks(t);
  [event] = (await t.request('GET', '/v1/events')).body.data;
  [delivery] = (await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`)).body.data;
});

const MISSING = { we: 'we_0000000000000000000000000a', whd: 'whd_0000000000000000000000000a', evt: 'evt_0000000000000000000000000a' };

/** Every webhook route, on the merchant's real objects or on ids that exist nowhere. */
const routes = (ids: { we: string; whd: string; evt: string }) =>
  [
    ['POST', '/v1/webhook_endpoints', { url: 'https://x.example.com/h', enabled_events: ['*'] }],
    ['GET', '/v1/webhook_endpoints', undefined],
    ['GET', `/v1/webhook_endpoints/${ids.we}`, undefined],
    ['POST', `/v1/webhook_endpoints/${ids.we}`, { description: 'changed' }],
    ['DELETE', `/v1/webhook_endpoints/${ids.we}`, undefined],
    ['POST', `/v1/webhook_endpoints/${ids.we}/rotate_secret`, {}],
    ['GET', `/v1/webhook_endpoints/${ids.we}/deliveries`, undefined],
    ['GET', `/v1/webhook_deliveries/${ids.whd}`, undefined],
    ['POST', `/v1/webhook_deliveries/${ids.whd}/retry`, {}],
    ['GET', `/v1/webhook_deliveries/${ids.whd}/attempts`, undefined],
    ['POST', `/v1/events/${ids.evt}/redeliver`, {}],
  ] as const;

const real = () => ({ we: endpoint.id, whd: delivery.id, evt: event.id });

async function unchanged() {
  const read = await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`);
  expect(read.body).toMatchObject({ description: 'Secret shop', status: 'enabled' });
  expect((await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`)).body.data).toHaveLength(1);
}

describe('webhook routes: access', () => {
  it('refuse store and branch users with 403 on every route, whatever the id, and say nothing of the endpoint', async () => {
    const [, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    for (const user of [storeUser!, branchUser!]) {
      for (const ids of [real(), MISSING]) {
        for (const [method, url, body] of routes(ids)) {
          const res = await t.request(method, url, { token: user.token, body });
          expectProblem(res, 403, 'forbidden');
          expect(JSON.stringify(res.body), `${method} ${url}`).not.toMatch(/Secret shop|whsec_/);
        }
      }
    }
    await unchanged();
  });

  it("answer 404 (never 403) for another merchant's endpoint, delivery and event, and list none of them", async () => {
    const other = await t.newMerchant();
    const otherOwner = await t.newUser(other.merchantId, 'owner');
    const sentBefore = receiver.requests.length;
    for (const token of [other.token, otherOwner.token]) {
      for (const [method, url, body] of routes(real()).slice(2)) {
        const res = await t.request(method, url, { token, body });
        expectProblem(res, 404, 'resource_missing');
        expect(JSON.stringify(res.body)).not.toContain('Secret shop');
      }
      expect((await t.request('GET', '/v1/webhook_endpoints', { token })).body.data).toEqual([]);
    }
    await unchanged();
    await deliverWebhooks(t);
    expect(receiver.requests).toHaveLength(sentBefore);
  });

  it("answer 404 for the other mode's objects: a live key does not see test endpoints", async () => {
    for (const [method, url, body] of routes(real()).slice(2)) {
      expectProblem(await t.request(method, url, { token: t.merchant.live, body }), 404, 'resource_missing');
    }
    expect((await t.request('GET', '/v1/webhook_endpoints', { token: t.merchant.live })).body.data).toEqual([]);
    await unchanged();
  });

  it('let owner users do what API keys do', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    expect((await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`, { token: owner.token })).status).toBe(200);
    expect((await t.request('GET', `/v1/webhook_deliveries/${delivery.id}`, { token: owner.token })).status).toBe(200);
  });

  it('never show the secret after create: not in reads, lists, deliveries or events', async () => {
    const reads = await Promise.all([
      t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`),
      t.request('GET', '/v1/webhook_endpoints'),
      t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`),
      t.request('GET', '/v1/events?type=*'),
    ]);
    for (const res of reads) expect(JSON.stringify(res.body)).not.toContain(endpoint.secret.slice(6));
  });
});
