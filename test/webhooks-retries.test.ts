import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/domain/standard-webhooks.js';
import { orderBody } from './helpers.js';
import { createEndpoint, deliverWebhooks, startReceiver, status, webhookTest } from './webhooks.js';

/**
 * What the sender does with each kind of answer, proven with the injected clock: the schedule is walked
 * by moving the clock and running the jobs at each instant, never by waiting. Only the response timeout
 * is real time (a short one here).
 */

const TIMEOUT_MS = 400;
const { t, receiver } = await webhookTest();
t.services.config.webhooks.timeoutMs = TIMEOUT_MS;
const held: ServerResponse[] = [];
afterEach(() => {
  for (const res of held.splice(0)) res.destroy();
});

const S = 1000;
const M = 60 * S;
const H = 60 * M;
/** The Standard Webhooks schedule: the wait after each failed attempt. */
const SCHEDULE = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H];

/** Answers 500 on URLs with `down` in them, 200 elsewhere. */
const downOnly = (_req: unknown, res: ServerResponse) => {
  const url = (res.req as { url?: string }).url ?? '';
  res.writeHead(url.includes('down') ? 500 : 200).end(url.includes('down') ? 'down for maintenance' : 'ok');
};

let tests = 0;
/**
 * A merchant and a failing-prone endpoint of the test's own: earlier tests' deliveries are still being
 * retried when the clock moves, so each test counts only what reached its own URL (`sent`).
 */
async function setup(enabledEvents = ['order.*']) {
  const tag = `t${++tests}`;
  const merchant = await t.newMerchant();
  const down = await createEndpoint(t, `${receiver.url}?down=${tag}`, { enabled_events: enabledEvents }, merchant.token);
  const sent = (suffix = `down=${tag}`) => receiver.requests.filter((r) => r.url.endsWith(suffix));
  return { merchant, down, tag, sent };
}

const get = async (token: string, url: string) => (await t.request('GET', url, { token })).body;
const deliveriesOf = async (token: string, endpointId: string) => (await get(token, `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`)).data;
const newOrder = (token: string, reference = 'o') => t.request('POST', '/v1/orders', { token, body: orderBody({ reference }) });
const at = (ms: number) => new Date(ms).toISOString();

describe('retries', () => {
  it('retries a failing receiver on the Standard Webhooks schedule, ten attempts over 75 h 35 min, then marks it failed', async () => {
    receiver.respond(status(500, {}, 'nope'));
    const { merchant, down, sent } = await setup();
    const start = t.clock.now().getTime();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(1);

    let elapsed = 0;
    for (const [i, wait] of SCHEDULE.entries()) {
      const [pending] = await deliveriesOf(merchant.token, down.id);
      expect(pending).toMatchObject({ status: 'pending', attempts: i + 1, next_attempt_at: at(start + elapsed + wait) });
      expect(pending.last_attempt).toMatchObject({ response_status: 500, error: null, response_body: 'nope' });
      t.clock.advance(wait - 1);
      await deliverWebhooks(t);
      expect(sent(), `attempt ${i + 2} is not due yet`).toHaveLength(i + 1);
      t.clock.advance(1);
      elapsed += wait;
      await deliverWebhooks(t);
      expect(sent(), `attempt ${i + 2} at ${elapsed} ms`).toHaveLength(i + 2);
    }
    expect(elapsed).toBe(75 * H + 35 * M + 5 * S);
    const [failed] = await deliveriesOf(merchant.token, down.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 10, next_attempt_at: null, delivered_at: null });
    t.clock.advance(48 * H);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(10);

    // Every attempt carried the same webhook-id (receivers dedupe on it), its own timestamp, a valid signature.
    const ids = new Set(sent().map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const stamps = sent().map((r) => Number(r.headers['webhook-timestamp']));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    for (const r of sent()) {
      expect(() => verifyWebhook(down.secret, r.headers, r.body, { now: new Date(Number(r.headers['webhook-timestamp']) * 1000) })).not.toThrow();
    }
    // 75 h of failures is not yet "days": the endpoint stays enabled (the default is 120 h).
    expect(await get(merchant.token, `/v1/webhook_endpoints/${down.id}`)).toMatchObject({ status: 'enabled', failing_since: at(start) });
  });

  it('adds up to 10% of jitter to each wait', async () => {
    receiver.respond(status(500));
    const { merchant, down } = await setup();
    await newOrder(merchant.token);
    const now = t.clock.now().getTime();
    await deliverWebhooks(t, { random: () => 0.999 });
    const [pending] = await deliveriesOf(merchant.token, down.id);
    const wait = Date.parse(pending.next_attempt_at) - now;
    expect(wait).toBeGreaterThan(5 * S);
    expect(wait).toBeLessThanOrEqual(5.5 * S);
  });

  it('delivers on a later attempt, and a success clears the failing mark', async () => {
    receiver.respond(status(503));
    const { merchant, down } = await setup();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect((await get(merchant.token, `/v1/webhook_endpoints/${down.id}`)).failing_since).not.toBeNull();
    receiver.respond(status(204));
    t.clock.advance(5 * S);
    await deliverWebhooks(t);
    const [delivered] = await deliveriesOf(merchant.token, down.id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, next_attempt_at: null, delivered_at: t.clock.now().toISOString() });
    expect((await get(merchant.token, `/v1/webhook_endpoints/${down.id}`)).failing_since).toBeNull();
  });
});

describe('answers that are not a success', () => {
  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.respond(status(302, { location: `${receiver.url}?moved` }));
    const { merchant, down, sent } = await setup();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(1);
    expect(sent('moved')).toHaveLength(0);
    expect((await deliveriesOf(merchant.token, down.id))[0]).toMatchObject({ status: 'pending', last_attempt: { response_status: 302 } });
  });

  it('honours Retry-After on 429: that delivery and the rest of the endpoint wait as long as asked', async () => {
    receiver.respond(status(429, { 'retry-after': '120' }));
    const { merchant, down, sent } = await setup();
    const start = t.clock.now().getTime();
    await newOrder(merchant.token, 'first');
    await deliverWebhooks(t);
    expect((await deliveriesOf(merchant.token, down.id))[0]).toMatchObject({ next_attempt_at: at(start + 120 * S), last_attempt: { response_status: 429 } });
    receiver.respond((_req, res) => res.end('ok'));
    await newOrder(merchant.token, 'second');
    t.clock.advance(119 * S);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(1);
    t.clock.advance(1 * S);
    await deliverWebhooks(t);
    expect(sent().map((r) => JSON.parse(r.body).data.object.reference)).toEqual(['first', 'first', 'second']);
  });

  it('honours Retry-After on 503 as an HTTP date, and caps any Retry-After at 24 h', async () => {
    const { merchant, down } = await setup();
    const start = t.clock.now().getTime();
    receiver.respond(status(503, { 'retry-after': new Date(start + 10 * M).toUTCString() }));
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect((await deliveriesOf(merchant.token, down.id))[0].next_attempt_at).toBe(at(start + 10 * M));
    receiver.respond(status(503, { 'retry-after': '999999999' }));
    t.clock.advance(10 * M);
    await deliverWebhooks(t);
    expect((await deliveriesOf(merchant.token, down.id))[0].next_attempt_at).toBe(at(start + 10 * M + 24 * H));
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    receiver.respond((_req, res) => void held.push(res));
    const { merchant, down } = await setup();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    const [pending] = await deliveriesOf(merchant.token, down.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_attempt: { response_status: null, error: 'timeout', response_body: null } });
    expect(pending.last_attempt.latency_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  });

  it('reads at most 1 KB of a huge answer and takes its status', async () => {
    receiver.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 256 && res.write(chunk)) sent++;
        if (sent < 256 && !res.destroyed) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const { merchant, down } = await setup();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    const [delivered] = await deliveriesOf(merchant.token, down.id);
    expect(delivered).toMatchObject({ status: 'delivered', last_attempt: { response_status: 200, response_body: 'x'.repeat(1024) } });
    expect(delivered.last_attempt.latency_ms).toBeLessThan(TIMEOUT_MS);
  });

  it('takes the status of an answer whose body never ends', async () => {
    receiver.respond((_req, res) => {
      res.writeHead(200);
      res.write('still going');
      held.push(res);
    });
    const { merchant, down } = await setup();
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect((await deliveriesOf(merchant.token, down.id))[0]).toMatchObject({ status: 'delivered', last_attempt: { response_body: 'still going' } });
  });

  it('counts a refused connection as a failed attempt', async () => {
    const merchant = await t.newMerchant();
    const closed = await startReceiver();
    await closed.close();
    const endpoint = await createEndpoint(t, closed.url, {}, merchant.token);
    await newOrder(merchant.token);
    await deliverWebhooks(t);
    expect((await deliveriesOf(merchant.token, endpoint.id))[0]).toMatchObject({ status: 'pending', last_attempt: { error: 'connection_failed' } });
  });
});

describe('unhealthy endpoints', () => {
  it('disables an endpoint that answers 410 at once, tells the merchant, and keeps its events queued until it is enabled again', async () => {
    const { merchant, down: gone, tag, sent } = await setup();
    await createEndpoint(t, `${receiver.url}?watch=${tag}`, { enabled_events: ['webhook_endpoint.*'] }, merchant.token);
    receiver.respond((req, res) => (req.url.includes('down') ? status(410)(req, res) : res.end('ok')));
    await newOrder(merchant.token, 'a');
    await deliverWebhooks(t);
    expect(await get(merchant.token, `/v1/webhook_endpoints/${gone.id}`)).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    const told = sent(`watch=${tag}`).map((r) => JSON.parse(r.body));
    expect(told).toEqual([expect.objectContaining({ type: 'webhook_endpoint.disabled', data: { object: expect.objectContaining({ id: gone.id, disabled_reason: 'gone' }) } })]);
    expect(JSON.stringify(told)).not.toContain(gone.secret);

    // Events keep coming while it is disabled: queued, not sent, not dropped.
    await newOrder(merchant.token, 'b');
    await newOrder(merchant.token, 'c');
    t.clock.advance(6 * H);
    await deliverWebhooks(t);
    const toGone = () => sent().map((r) => `${JSON.parse(r.body).type}:${JSON.parse(r.body).data.object.reference}`);
    expect(toGone()).toEqual(['order.created:a']);
    expect((await deliveriesOf(merchant.token, gone.id)).map((d: { status: string }) => d.status)).toEqual(['pending', 'pending', 'pending']);

    receiver.respond((_req, res) => res.end('ok'));
    const enabled = await t.request('POST', `/v1/webhook_endpoints/${gone.id}`, { token: merchant.token, body: { status: 'enabled' } });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabled_reason: null, failing_since: null });
    await deliverWebhooks(t);
    expect(toGone()).toEqual(['order.created:a', 'order.created:a', 'order.created:b', 'order.created:c']);
  });

  it('disables an endpoint whose every attempt failed for 120 hours, with a webhook_endpoint.disabled event, and sends nothing to it after', async () => {
    receiver.respond(downOnly);
    const { merchant, down, tag, sent } = await setup(['order.created']);
    await createEndpoint(t, `${receiver.url}?watch=${tag}`, { enabled_events: ['webhook_endpoint.disabled'] }, merchant.token);
    const start = t.clock.now().getTime();
    await newOrder(merchant.token, 'day0');
    await deliverWebhooks(t);
    for (const wait of SCHEDULE) {
      t.clock.advance(wait);
      await deliverWebhooks(t);
    }
    expect(await get(merchant.token, `/v1/webhook_endpoints/${down.id}`)).toMatchObject({ status: 'enabled', failing_since: at(start) });
    t.clock.set(new Date(start + 120 * H));
    await newOrder(merchant.token, 'day5');
    await deliverWebhooks(t);
    expect(await get(merchant.token, `/v1/webhook_endpoints/${down.id}`)).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
    const events = (await get(merchant.token, '/v1/events?type=webhook_endpoint.*')).data;
    expect(events).toEqual([expect.objectContaining({ type: 'webhook_endpoint.disabled', actor: { type: 'job', id: 'webhook_sender' }, data: { object: expect.objectContaining({ id: down.id }) } })]);
    expect(sent(`watch=${tag}`)).toHaveLength(1);

    const attempts = sent().length;
    await newOrder(merchant.token, 'day5b');
    t.clock.advance(24 * H);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(attempts);
    expect((await deliveriesOf(merchant.token, down.id)).map((d: { status: string }) => d.status)).toEqual(['pending', 'pending', 'failed']);
  });
});
