import { afterEach, describe, expect, it } from 'vitest';
import { onTestServer, TEST_STORE } from '../helpers.js';
import { startReceiver, type Receiver } from '../webhooks.js';
import { call, killAll, killServer, listAll, mapLimit, pgliteTarget, postgresTarget, sleep, startServer } from './server.js';

/**
 * Webhooks and live streams from real server processes to receivers in this process: two nodes on one PostgreSQL send each
 * event to each endpoint once, and a node killed while it delivers loses nothing (after a restart every
 * event arrives, a repeat carrying the same webhook-id).
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(delayMs = 0): Promise<Receiver> {
  const r = await startReceiver((_req, res) => void setTimeout(() => res.end('ok'), delayMs));
  cleanups.push(() => r.close());
  return r;
}

/** Waits, in real time (these are other processes), until `done` holds or the deadline passes. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(50);
}

const ids = (r: Receiver) => r.requests.map((req) => String(req.headers['webhook-id']));

const WEBHOOK_ENV = { PAYORDERS_WEBHOOK_POLL_MS: '20', PAYORDERS_WEBHOOK_TIMEOUT_MS: '1000' };

describe.skipIf(TEST_STORE !== 'postgres')('two server processes on one PostgreSQL schema (postgres only)', () => {
  it('deliver each event to each endpoint exactly once between them', async () => {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    const a = await startServer({ ...target.env, ...WEBHOOK_ENV }, { expectKey: true });
    const b = await startServer({ ...target.env, ...WEBHOOK_ENV });
    const key = a.firstKey!;
    const receivers = [await receiver(2), await receiver(2)];
    for (const r of receivers) {
      const res = await call(a, key, 'POST', '/v1/webhook_endpoints', { body: { url: r.url, enabled_events: ['order.created'] } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const ORDERS = 80;
    await mapLimit(
      Array.from({ length: ORDERS }, (_, i) => i),
      8,
      async (i) => expect((await call(i % 2 ? a : b, key, 'POST', '/v1/orders', { body: { amount: 100 + i, currency: 'BRL' } })).status).toBe(201),
    );
    await until(() => receivers.every((r) => new Set(ids(r)).size >= ORDERS), 30_000);
    await sleep(500); // both nodes keep polling: give a double send the chance to show

    const events = (await listAll(a, key, '/v1/events?type=order.created')).map((e) => e.id).sort();
    expect(events).toHaveLength(ORDERS);
    for (const r of receivers) expect(ids(r).sort()).toEqual(events);
    const rows = await onTestServer((db) =>
      db.query<{ status: string; attempts: number; n: string }>(
        `SELECT status, attempts, count(*)::text AS n FROM "${target.schema}".webhook_deliveries GROUP BY status, attempts`,
      ),
    );
    expect(rows).toEqual([{ status: 'delivered', attempts: 1, n: String(2 * ORDERS) }]);
    const metric = async (node: { url: string }, job: string) =>
      Number(new RegExp(`payorders_job_items_total\\{job="${job}"\\} (\\d+)`).exec((await call(node, key, 'GET', '/metrics')).body as string)?.[1] ?? 0);
    const fanned = [await metric(a, 'webhook-fanout'), await metric(b, 'webhook-fanout')];
    const leased = [await metric(a, 'webhook-send'), await metric(b, 'webhook-send')];
    expect(fanned[0]! + fanned[1]!).toBe(ORDERS);
    console.log(`[two-nodes webhooks] ${ORDERS} events x 2 endpoints, each delivered once; events fanned out: A ${fanned[0]}, B ${fanned[1]}; endpoint leases: A ${leased[0]}, B ${leased[1]}`);
  }, 60_000);

  it("push an order's change written on one node to a stream open on the other within a second", async () => {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    const a = await startServer(target.env, { expectKey: true });
    const b = await startServer(target.env);
    const key = a.firstKey!;
    const order = (await call(a, key, 'POST', '/v1/orders', { body: { amount: 100, currency: 'BRL' } })).body;
    const controller = new AbortController();
    const res = await fetch(`${b.url}/v1/orders/${order.id}/events/stream`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const read = async (pattern: RegExp, ms: number) => {
      const deadline = Date.now() + ms;
      while (!pattern.test(text) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
        if (!chunk || chunk.done) break;
        text += chunk.value;
      }
      return pattern.test(text);
    };
    expect(await read(/event: order\.created/, 5000)).toBe(true);
    const written = Date.now();
    expect((await call(a, key, 'POST', `/v1/orders/${order.id}/cancel`, { body: {} })).status).toBe(200);
    expect(await read(/event: order\.canceled/, 1000)).toBe(true);
    console.log(`[two-nodes stream] change on node A pushed by node B after ${Date.now() - written} ms`);
    controller.abort();
  }, 60_000);
});

it(`a node killed while it delivers loses no event: after a restart every one arrives (${TEST_STORE})`, async () => {
  const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  cleanups.push(target.drop);
  const first = await startServer({ ...target.env, ...WEBHOOK_ENV }, { expectKey: true });
  const key = first.firstKey!;
  // A slow receiver, so that deliveries are in flight when the kill comes.
  const r = await receiver(30);
  expect((await call(first, key, 'POST', '/v1/webhook_endpoints', { body: { url: r.url, enabled_events: ['order.created'] } })).status).toBe(201);

  let acknowledged = 0;
  let killed = false;
  const loops = Array.from({ length: 4 }, async () => {
    while (!killed) {
      try {
        if ((await call(first, key, 'POST', '/v1/orders', { body: { amount: 100, currency: 'BRL' } })).status === 201) acknowledged++;
      } catch {
        // cut off by the kill
      }
    }
  });
  await until(() => r.requests.length >= 10 && acknowledged >= 40, 15_000);
  killed = true;
  await killServer(first);
  await Promise.all(loops);
  const receivedAtKill = r.requests.length;

  const second = await startServer({ ...target.env, ...WEBHOOK_ENV });
  const events = (await listAll(second, key, '/v1/events?type=order.created')).map((e) => e.id);
  expect(events.length).toBeGreaterThanOrEqual(acknowledged);
  await until(() => events.every((id) => ids(r).includes(id)), 30_000);
  expect(events.filter((id) => !ids(r).includes(id))).toEqual([]);
  const repeats = ids(r).length - new Set(ids(r)).size;
  console.log(`[crash webhooks] ${events.length} events; ${receivedAtKill} received before the kill; ${repeats} sent twice (same webhook-id)`);
  await killServer(second, 'SIGTERM');
}, 90_000);
