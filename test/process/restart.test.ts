import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, spawnServer, startServer } from './server.js';

/**
 * The embedded store's lock dies with its holder: a server SIGKILLed and started again at once, before
 * anyone reaps the dead process, starts every time, with its data; a second server beside a live one is
 * refused, naming the holder. (PostgreSQL needs no lock: any number of nodes share it.)
 */

const targets: Array<{ drop(): Promise<void> }> = [];
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

const RESTARTS = 10;

describe.skipIf(TEST_STORE !== 'pglite')('restarting on the embedded store', () => {
  it(`starts right after a SIGKILL, ${RESTARTS} times in a row, keeping every order`, async () => {
    const target = pgliteTarget();
    targets.push(target);
    let server = await startServer(target.env, { expectKey: true });
    const key = server.firstKey!;
    const orders: string[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const created = await call(server, key, 'POST', '/v1/orders', { body: { amount: 100 + i, currency: 'BRL' } });
      expect(created.status).toBe(201);
      orders.push(created.body.id);
      // The next server is spawned the moment the kill is sent: the dead one is not reaped yet.
      server.child.kill('SIGKILL');
      server = await startServer(target.env);
      expect(server.firstKey).toBeNull();
    }
    for (const id of orders) expect((await call(server, key, 'GET', `/v1/orders/${id}`)).status).toBe(200);
    await killServer(server, 'SIGTERM');
  }, 300_000);

  it('refuses a second server on the same data directory, naming the one that holds it', async () => {
    const target = pgliteTarget();
    targets.push(target);
    const first = await startServer(target.env, { expectKey: true });
    const second = spawnServer(target.env);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toContain(`is in use by process ${first.pid} (a Payorders server)`);
    expect(second.stderr()).not.toMatch(/\n\s+at /); // one sentence, no stack
    expect((await call(first, first.firstKey!, 'GET', '/v1/orders')).status).toBe(200);
  }, 120_000);
});
