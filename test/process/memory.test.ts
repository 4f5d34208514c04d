import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, mapLimit, pgliteTarget, startServer } from './server.js';

/**
 * The embedded store's memory is bounded: PostgreSQL's buffer pool lives in PGlite's WebAssembly memory,
 * which never shrinks, so it is held to PAYORDERS_PGLITE_SHARED_BUFFERS (16MB) rather than 128MB. Before,
 * a restarted server (run through tsx) held 515–563 MB after this workload; now about 424 MB.
 */

const targets: Array<{ drop(): Promise<void> }> = [];
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe.skipIf(TEST_STORE !== 'pglite' || process.platform !== 'linux')('the embedded store in memory', () => {
  it('a restarted server holds under 480 MB after 1000 orders and list scans', async () => {
    const target = pgliteTarget();
    targets.push(target);
    const first = await startServer(target.env, { expectKey: true });
    const key = first.firstKey!;
    await killServer(first, 'SIGTERM');
    // The first start runs initdb in the process too: its peak is not what a running store holds.
    const server = await startServer(target.env);
    await mapLimit(Array.from({ length: 1000 }, (_, i) => i), 20, async (i) => {
      expect((await call(server, key, 'POST', '/v1/orders', { body: { amount: 100 + i, currency: 'BRL', reference: `mem-${i}` } })).status).toBe(201);
    });
    for (let i = 0; i < 20; i++) expect((await call(server, key, 'GET', '/v1/orders?limit=100')).status).toBe(200);
    const rss = rssMb(server.pid);
    console.log(`[memory] embedded store server after 1000 creates and 20 lists: ${Math.round(rss)} MB RSS`);
    expect(rss).toBeLessThan(480);
    await killServer(server, 'SIGTERM');
  }, 300_000);
});
