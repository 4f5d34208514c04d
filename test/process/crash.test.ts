import { afterAll, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, mapLimit, pgliteTarget, postgresTarget, sleep, startServer, type Server } from './server.js';

/**
 * SIGKILL mid-stream: every order the server acknowledged (201) survives a kill and a restart on the
 * same store, its Idempotency-Key replays it, and a request cut off in flight never becomes two orders.
 */

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Sent {
  key: string;
  body: { amount: number; currency: string; reference: string };
  /** The order id when the server answered 201. */
  orderId?: string;
  /** Set when the request got no response (cut off by the kill, or refused after it). */
  error?: string;
  status?: number;
}

it(`every acknowledged order survives SIGKILL and a restart (${TEST_STORE})`, async () => {
  const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  cleanups.push(target.drop);

  const first = await startServer(target.env, { expectKey: true });
  const key = first.firstKey!;
  const run = Date.now().toString(36);

  // Several loops fire creates back to back, each with its own key and reference, until the kill.
  const sent: Sent[] = [];
  let counter = 0;
  let killed = false;
  const LOOPS = 8;
  const loops = Array.from({ length: LOOPS }, async () => {
    while (!killed) {
      const n = counter++;
      const s: Sent = { key: `crash-${run}-${n}`, body: { amount: 1000 + n, currency: 'BRL', reference: `crash-${run}-${n}` } };
      sent.push(s);
      try {
        const res = await call(first, key, 'POST', '/v1/orders', { body: s.body, headers: { 'idempotency-key': s.key } });
        s.status = res.status;
        if (res.status === 201) s.orderId = res.body.id;
      } catch (error) {
        s.error = String((error as { cause?: { code?: string } }).cause?.code ?? error);
      }
    }
  });

  // Kill mid-stream: after 1.5 s, and once at least 20 creates were acknowledged (a loaded machine is slow).
  const started = Date.now();
  while (Date.now() - started < 1500 || (sent.filter((s) => s.status === 201).length < 20 && Date.now() - started < 8000)) await sleep(20);
  const streamMs = Date.now() - started;
  killed = true; // no new requests; those in flight stay in flight
  const exit = await killServer(first, 'SIGKILL');
  await Promise.all(loops);
  expect(exit.signal).toBe('SIGKILL');

  const acked = sent.filter((s) => s.status === 201);
  const unanswered = sent.filter((s) => s.error !== undefined);
  const otherStatus = sent.filter((s) => s.status !== undefined && s.status !== 201);
  expect(otherStatus.map((s) => s.status)).toEqual([]);
  expect(acked.length).toBeGreaterThanOrEqual(20);

  // The embedded store's lock died with its holder (see data-dir-lock.ts and restart.test.ts).
  const second: Server = await startServer(target.env);
  expect(second.firstKey).toBeNull(); // same store: the merchant is already there

  // Every acknowledged order is there, as acknowledged.
  const missing: string[] = [];
  await mapLimit(acked, 8, async (s) => {
    const res = await call(second, key, 'GET', `/v1/orders/${s.orderId}`);
    if (res.status !== 200) return void missing.push(`${s.orderId} -> ${res.status}`);
    expect(res.body).toMatchObject({ id: s.orderId, amount: s.body.amount, currency: 'BRL', reference: s.body.reference });
  });
  expect(missing).toEqual([]);

  // Re-sending each acknowledged request replays it.
  await mapLimit(acked, 8, async (s) => {
    const res = await call(second, key, 'POST', '/v1/orders', { body: s.body, headers: { 'idempotency-key': s.key } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(res.body.id).toBe(s.orderId);
  });

  // Requests cut off by the kill: at most one order each before the retry, exactly one after it.
  let committedUnanswered = 0;
  await mapLimit(unanswered, 8, async (s) => {
    const before = await call(second, key, 'GET', `/v1/orders?reference=${s.body.reference}`);
    expect(before.body.data.length).toBeLessThanOrEqual(1);
    if (before.body.data.length === 1) committedUnanswered++;
    const retry = await call(second, key, 'POST', '/v1/orders', { body: s.body, headers: { 'idempotency-key': s.key } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    if (before.body.data.length === 1) {
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(before.body.data[0].id);
    }
    const after = await call(second, key, 'GET', `/v1/orders?reference=${s.body.reference}`);
    expect(after.body.data).toHaveLength(1);
    expect(after.body.data[0].id).toBe(retry.body.id);
  });

  // Nothing else was created: one order per request sent, no strays.
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await call(second, key, 'GET', `/v1/orders?limit=100${after ? `&starting_after=${after}` : ''}`);
    total += page.body.data.length;
    if (!page.body.has_more) break;
    after = page.body.data[page.body.data.length - 1].id;
  }
  expect(total).toBe(acked.length + unanswered.length);

  console.log(
    `[crash ${TEST_STORE}] sent ${sent.length} creates in ${(streamMs / 1000).toFixed(1)} s before the kill over ${LOOPS} loops: ${acked.length} acknowledged (201), ` +
      `${unanswered.length} unanswered at the kill (${committedUnanswered} of them had committed), all acknowledged orders present and replayed after restart`,
  );
  await killServer(second, 'SIGTERM');
}, 120_000);
