import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/domain/ids.js';
import { onTestServer, TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, listAll, mapLimit, pgliteTarget, postgresTarget, sleep, spawnServer, startServer } from './server.js';

/**
 * Two real server processes sharing one store. Only PostgreSQL can be shared: PGlite is one process per
 * data directory, so on the pglite project the proof is that a second process is refused.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(TEST_STORE !== 'pglite')('one PGlite data directory, two processes', () => {
  it('refuses a second server on the same PAYORDERS_DATA_DIR: non-zero exit with a message; the first keeps serving', async () => {
    const target = pgliteTarget();
    cleanups.push(target.drop);
    const first = await startServer(target.env, { expectKey: true });

    const second = spawnServer(target.env);
    const exit = await Promise.race([second.exited, sleep(20_000).then(() => 'timeout' as const)]);
    expect(exit, second.output()).not.toBe('timeout');
    if (exit === 'timeout') return;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(second.output()).toContain(`is in use by process ${first.pid}`);
    expect(second.output()).toMatch(/DATABASE_URL/);

    // The refused process touched nothing: the first still serves, and its lock is intact.
    const created = await call(first, first.firstKey!, 'POST', '/v1/orders', { body: { amount: 100, currency: 'BRL' } });
    expect(created.status).toBe(201);
    await killServer(first, 'SIGTERM');
  });
});

describe.skipIf(TEST_STORE !== 'postgres')('two server processes on one PostgreSQL schema (postgres only: PGlite is one process per data dir)', () => {
  async function twoNodes(extraEnv: Record<string, string> = {}) {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    // Start both at once: migrations and the first-merchant bootstrap take turns on advisory locks.
    const [a, b] = await Promise.all([
      startServer({ ...target.env, ...extraEnv }),
      startServer({ ...target.env, ...extraEnv }),
    ]);
    const printedKeys = () => [a, b].map((s) => /keep it now:\s*\n\s*\n\s*(\S+)\s*\n/.exec(s.output())?.[1]).filter(Boolean);
    // The key is printed right after the listening line.
    for (let waited = 0; printedKeys().length === 0 && waited < 5000; waited += 25) await sleep(25);
    await sleep(100);
    const keys = printedKeys();
    expect(keys, `${a.output()}\n---\n${b.output()}`).toHaveLength(1); // exactly one node bootstrapped the merchant
    return { target, a, b, key: keys[0]! };
  }

  it('the same Idempotency-Key sent to both nodes at the same instant makes exactly one order', async () => {
    const { a, b, key } = await twoNodes();
    const run = Date.now().toString(36);
    const KEYS = 50;
    const statuses: Record<string, number> = {};
    const replayedCount = { n: 0 };
    // 5 keys at a time, each key to both nodes at once (10 requests in flight).
    await mapLimit(
      Array.from({ length: KEYS }, (_, i) => i),
      5,
      async (i) => {
        const headers = { 'idempotency-key': `two-nodes-${run}-${i}` };
        const body = { amount: 1000 + i, currency: 'BRL', reference: `tn-${run}-${i}` };
        const [ra, rb] = await Promise.all([
          call(a, key, 'POST', '/v1/orders', { body, headers }),
          call(b, key, 'POST', '/v1/orders', { body, headers }),
        ]);
        for (const r of [ra, rb]) {
          const label = `${r.status}${r.status === 409 ? `:${r.body.code}` : ''}`;
          statuses[label] = (statuses[label] ?? 0) + 1;
          if (r.headers.get('idempotent-replayed') === 'true') replayedCount.n++;
          expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
          if (r.status === 409) expect(r.body.code).toBe('idempotency_key_in_use');
          else expect(r.status, JSON.stringify(r.body)).toBe(201);
        }
        const ok = [ra, rb].filter((r) => r.status === 201);
        expect(ok.length).toBeGreaterThanOrEqual(1);
        if (ok.length === 2) {
          expect(ra.body.id).toBe(rb.body.id);
          // One of the two ran the work; the other replayed it.
          expect([ra, rb].filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
        }
        const list = await call(a, key, 'GET', `/v1/orders?reference=${body.reference}`);
        expect(list.status).toBe(200);
        expect(list.body.data).toHaveLength(1);
        expect(list.body.data[0].id).toBe(ok[0]!.body.id);
        expect(list.body.data[0].amount).toBe(body.amount);
      },
    );
    const all = await listAll(b, key, '/v1/orders');
    expect(all).toHaveLength(KEYS);
    console.log(`[two-nodes idempotency] ${KEYS} keys x 2 nodes: ${JSON.stringify(statuses)}, replayed=${replayedCount.n}`);
  }, 45_000);

  it('the expiry sweeper on both nodes expires every order exactly once (one order.expired event each)', async () => {
    const { target, a, b, key } = await twoNodes({ PAYORDERS_JOB_INTERVAL_MS: '50' });
    const ORDERS = 200;
    // Each order expires 2 to 2.5 s after it is sent: early ones fall due while later ones are still being
    // created, and the two sweepers (50 ms apart) meet on many passes rather than one.
    const created = await mapLimit(
      Array.from({ length: ORDERS }, (_, i) => i),
      10,
      async (i) => {
        const node = i % 2 ? a : b;
        const expiresAt = new Date(Date.now() + 2000 + (i % 20) * 25).toISOString();
        const res = await call(node, key, 'POST', '/v1/orders', { body: { amount: 500 + i, currency: 'BRL', reference: `exp-${i}`, expires_at: expiresAt } });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body.id as string;
      },
    );
    expect(new Set(created).size).toBe(ORDERS);

    const deadline = Date.now() + 20_000;
    let open = ORDERS;
    while (Date.now() < deadline) {
      open = (await listAll(a, key, '/v1/orders?status=open')).length;
      if (open === 0) break;
      await sleep(200);
    }
    expect(open).toBe(0);
    await sleep(500); // the sweepers keep running: give a double expiry the chance to show

    const orders = await listAll(b, key, '/v1/orders');
    expect(orders).toHaveLength(ORDERS);
    expect(orders.every((o) => o.status === 'expired')).toBe(true);

    const events = await listAll(a, key, '/v1/events?type=order.expired');
    const perOrder = new Map<string, number>();
    for (const e of events) perOrder.set(e.data.object.id, (perOrder.get(e.data.object.id) ?? 0) + 1);
    expect(events).toHaveLength(ORDERS);
    expect([...perOrder.keys()].sort()).toEqual([...created].sort());
    expect([...perOrder.values()].every((n) => n === 1)).toBe(true);

    // The same, straight from the table.
    const rows = await onTestServer((db) =>
      db.query<{ object_id: string; n: string }>(
        `SELECT object_id::text, count(*)::text AS n FROM "${target.schema}".events WHERE type = 'order.expired' GROUP BY object_id`,
      ),
    );
    expect(rows).toHaveLength(ORDERS);
    expect(rows.every((r) => r.n === '1')).toBe(true);
    expect(rows.map((r) => encodeId('order', r.object_id)).sort()).toEqual([...created].sort());

    const swept = await Promise.all(
      [a, b].map(async (node) => {
        const text = (await call(node, key, 'GET', '/metrics')).body as string;
        return Number(/payorders_job_items_total\{job="expire-orders"\} (\d+)/.exec(text)?.[1] ?? 0);
      }),
    );
    expect(swept[0]! + swept[1]!).toBe(ORDERS);
    console.log(`[two-nodes sweeper] ${ORDERS} orders expired: node A swept ${swept[0]}, node B swept ${swept[1]}`);
  }, 45_000);
});
