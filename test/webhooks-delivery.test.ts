import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { verifyWebhook } from '../src/domain/standard-webhooks.js';
import { JobRunner } from '../src/jobs/runner.js';
import { webhookJobs } from '../src/jobs/webhooks.js';
import { fanOutEvents, sendDueDeliveries } from '../src/services/webhook-delivery.js';
import { orderBody } from './helpers.js';
import { createEndpoint, deliverWebhooks, deliveryDeps, ok, status, webhookTest } from './webhooks.js';

// A merchant of its own per test (merchantWithEndpoint), so endpoints and events of one test never meet another's.
const { t, receiver, merchantWithEndpoint, deliveries } = await webhookTest();

const referenceOf = (request: { body: string }) => JSON.parse(request.body).data.object.reference as string;

/** `count` orders of the merchant, referenced `<prefix>0`, `<prefix>1`, …, made one after another; their references. */
async function ordersWithReferences(token: string, prefix: string, count: number): Promise<string[]> {
  const references = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  for (const reference of references) await t.request('POST', '/v1/orders', { token, body: orderBody({ reference }) });
  return references;
}

const rawEvent = async (token: string, id: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/events/${id}`, headers: { authorization: `Bearer ${token}` } })).body;


function verifiedByReference(secret: string, req: { headers: Record<string, unknown>; body: string }) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t.clock.now());
  try {
    return new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

describe('delivery to a local receiver', () => {
  it('POSTs each event signed per Standard Webhooks, the body exactly as GET /v1/events/{id} answers it', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint();
    const order = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ description: 'Açaí ☕ "quoted" \\ </script>', metadata: { k: 'ü' } }) })).body;
    await deliverWebhooks(t);

    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    const [event] = (await t.request('GET', '/v1/events', { token: merchant.token })).body.data;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/hook?m=${merchant.merchantId}`);
    expect(req!.body).toBe(await rawEvent(merchant.token, event.id));
    expect(JSON.parse(req!.body)).toMatchObject({ id: event.id, type: 'order.created', data: { object: order } });
    expect(req!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Payorders-Webhooks/1',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(t.clock.now().getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(verifiedByReference(endpoint.secret, req!)).toEqual(JSON.parse(req!.body));
    expect(verifyWebhook(endpoint.secret, req!.headers, req!.body, { now: t.clock.now() })).toEqual(JSON.parse(req!.body));

    const [delivery] = await deliveries(merchant.token, endpoint.id);
    expect(delivery).toEqual({
      id: expect.stringMatching(/^whd_[0-9a-z]{26}$/),
      object: 'webhook_delivery',
      livemode: false,
      endpoint: endpoint.id,
      event: event.id,
      event_type: 'order.created',
      status: 'delivered',
      attempts: 1,
      next_attempt_at: null,
      last_attempt: { at: t.clock.now().toISOString(), response_status: 200, error: null, latency_ms: expect.any(Number), response_body: 'ok' },
      delivered_at: t.clock.now().toISOString(),
      created_at: t.clock.now().toISOString(),
    });
  });

  it('sends each endpoint only the event types it subscribes to, in its own mode, from its creation on', async () => {
    const merchant = await t.newMerchant();
    const early = (await t.request('POST', '/v1/customers', { token: merchant.token, body: { name: 'Before' } })).body;
    t.clock.advance(1);
    const customers = await createEndpoint(t, `${receiver.url}?for=customers`, { enabled_events: ['customer.*'] }, merchant.token);
    const created = await createEndpoint(t, `${receiver.url}?for=created`, { enabled_events: ['order.created', 'customer.created'] }, merchant.token);
    // Never contacted: no live event happens. A test event reaching it would fail the run (no DNS in tests).
    const live = await createEndpoint(t, 'https://shop.example.com/live', {}, merchant.live);
    const customer = (await t.request('POST', '/v1/customers', { token: merchant.token, body: {} })).body;
    await t.request('POST', `/v1/customers/${customer.id}`, { token: merchant.token, body: { name: 'Changed' } });
    const order = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() })).body;
    await t.request('POST', `/v1/orders/${order.id}/cancel`, { token: merchant.token, body: {} });
    await deliverWebhooks(t);

    const got = (query: string) => receiver.requests.filter((r) => r.url.endsWith(query)).map((r) => JSON.parse(r.body).type);
    expect(got('for=customers')).toEqual(['customer.created', 'customer.updated']);
    expect(got('for=created')).toEqual(['customer.created', 'order.created']);
    expect(await deliveries(merchant.live, live.id)).toEqual([]);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.object.id)).not.toContain(early.id);
    expect((await deliveries(merchant.token, customers.id)).map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
    expect(await deliveries(merchant.token, created.id)).toHaveLength(2);
  });

  it("sends an endpoint's events in the order they happened, one after another with PAYORDERS_WEBHOOK_PARALLEL=1", async () => {
    const { merchant } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    const references = await ordersWithReferences(merchant.token, 'r', 12);
    await deliverWebhooks(t, { config: { parallelPerEndpoint: 1 } });
    expect(receiver.requests.map(referenceOf)).toEqual(references);
  });

  it("keeps up to PAYORDERS_WEBHOOK_PARALLEL of an endpoint's deliveries in flight, started in event order", async () => {
    const { merchant, sent } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    const references = await ordersWithReferences(merchant.token, 'w', 20);
    let inFlight = 0;
    let most = 0;
    receiver.respond((_req, res) => {
      most = Math.max(most, ++inFlight);
      // The receiver takes a moment to answer, as real ones do, so the sends overlap.
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 15);
    });
    await deliverWebhooks(t, { config: { parallelPerEndpoint: 4 } });
    expect(most).toBe(4);
    expect(sent().map(referenceOf).sort()).toEqual([...references].sort());
    // Started in order: each arrives within the window of its place.
    sent().map(referenceOf).forEach((reference, arrived) => expect(Math.abs(references.indexOf(reference) - arrived)).toBeLessThan(4));
  });

  it('starts no more of an endpoint\'s deliveries in a pass once one fails; the rest go in the next pass, the failed one on its schedule', async () => {
    const { merchant, sent } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    const references = await ordersWithReferences(merchant.token, 'f', 20);
    // f3 fails at once while the others take a moment: its lane is the first free, and it starts nothing more.
    receiver.respond((req, res) => {
      if (referenceOf(req) === 'f3') return void res.writeHead(500).end();
      setTimeout(() => res.end('ok'), 30);
    });
    const deps = deliveryDeps(t, { config: { parallelPerEndpoint: 4 } });
    await fanOutEvents(t.db, t.clock, 500);
    await sendDueDeliveries(t.db, deps, 20);
    expect(sent().map(referenceOf).sort()).toEqual(['f0', 'f1', 'f2', 'f3']);
    receiver.respond(ok);
    await deliverWebhooks(t, { config: { parallelPerEndpoint: 4 } });
    expect(new Set(sent().map(referenceOf))).toEqual(new Set(references));
    expect(sent().filter((r) => referenceOf(r) === 'f3')).toHaveLength(1);
  });

  it('queues one delivery per endpoint and event, however many fan-outs run at once', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint();
    await Promise.all(Array.from({ length: 5 }, (_, i) => t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: `c${i}` }) })));
    const taken = await Promise.all(Array.from({ length: 4 }, () => fanOutEvents(t.db, t.clock, 2)));
    expect(taken.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
    await deliverWebhooks(t);
    expect(await deliveries(merchant.token, endpoint.id)).toHaveLength(5);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(5);
    expect(receiver.requests).toHaveLength(5);
  });

  it('keeps the first 1 KB of what the receiver answered, and how long it took', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint();
    receiver.respond(status(200, { 'content-type': 'text/plain' }, `${'é'.repeat(600)}tail`));
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    const [delivery] = await deliveries(merchant.token, endpoint.id);
    expect(Buffer.byteLength(delivery.last_attempt.response_body)).toBeLessThanOrEqual(1024);
    expect(delivery.last_attempt.response_body.startsWith('é'.repeat(500))).toBe(true);
    expect(delivery.last_attempt.latency_ms).toBeGreaterThanOrEqual(0);
  });
});

describe('as the jobs of a running node', () => {
  it("sends an order's event within a second of its commit though the jobs poll once a minute: the commit wakes the fan-out, and the fan-out the sender", async () => {
    const { merchant, sent } = await merchantWithEndpoint();
    const config = { ...t.services.config, webhooks: { ...t.services.config.webhooks, pollMs: 60_000 } };
    const runner = new JobRunner(webhookJobs(t.db, config, deliveryDeps(t)), { info: () => {}, error: () => {} });
    const arrived = async (count: number) => {
      const deadline = Date.now() + 5000;
      while (sent().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    runner.start();
    try {
      // The first goes out in the jobs' first passes or on a wake-up; after it, only a wake-up is sooner than a minute.
      await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: 'first' }) });
      await arrived(1);
      const committed = Date.now();
      await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: 'woken' }) });
      await arrived(2);
      expect(Date.now() - committed).toBeLessThan(1000);
      expect(sent().map(referenceOf)).toEqual(['first', 'woken']);
    } finally {
      await runner.stop();
    }
  });
});
