import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, spawnServer, startServer, type StoreTarget } from './server.js';

const targets: Array<{ drop(): Promise<void> }> = [];
async function freshTarget(): Promise<StoreTarget> {
  const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  targets.push(target);
  return target;
}
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

describe('start-up and shutdown of a real server process', () => {
  it('refuses invalid configuration with a message naming the variable and exit code 2', async () => {
    const target = await freshTarget();
    const { exited, output } = spawnServer({ ...target.env, PAYORDERS_RATE_LIMIT: '-1' });
    expect((await exited).code).toBe(2);
    expect(output()).toContain('Invalid configuration: PAYORDERS_RATE_LIMIT');
  });

  it('drains on SIGTERM: in-flight creates complete, the process exits 0, and a restart keeps the data and the key', async () => {
    const target = await freshTarget();
    const first = await startServer(target.env, { expectKey: true });
    const key = first.firstKey!;
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      call(first, key, 'POST', '/v1/orders', { body: { amount: 100 + i, currency: 'EUR', reference: `drain-${i}` } }).catch(() => null),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const sigtermAt = Date.now();
    first.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // Kept-alive client sockets must not hold the exit until their idle timeout (72 s).
    expect(Date.now() - sigtermAt).toBeLessThan(15_000);
    const acknowledged = answers.filter((a) => a?.status === 201);
    expect(answers.every((a) => a === null || a.status === 201 || a.status === 503)).toBe(true);

    const second = await startServer(target.env);
    expect(second.firstKey).toBeNull();
    for (const a of acknowledged) {
      const res = await call(second, key, 'GET', `/v1/orders/${a!.body.id}`);
      expect(res.status).toBe(200);
    }
    await killServer(second, 'SIGTERM');
  }, 120_000);
});
