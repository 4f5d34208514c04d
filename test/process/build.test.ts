import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, afterEach, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, ROOT, runCliProcess, startServer } from './server.js';

/**
 * A deployment runs compiled JavaScript: `npm run build` writes dist/, and `node dist/main.js` (npm run
 * start:dist) serves with no TypeScript loader, its migrations and store found from the installation.
 */

const targets: Array<{ drop(): Promise<void> }> = [];
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

/**
 * Both stores' runs of this file build into the one dist/: one at a time, or a server would load files the other
 * run's tsc is rewriting. A lock left by a killed run is taken over after five minutes.
 */
async function holdingDist<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `payorders-dist-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000) rmSync(lock, { recursive: true, force: true });
      else await wait(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

it(`npm run build, then the compiled server and CLI serve (${TEST_STORE})`, () => holdingDist(async () => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  // Type errors elsewhere in a shared working tree still emit; what is run below is what was built.
  expect(existsSync(join(ROOT, 'dist', 'main.js')), build.stdout + build.stderr).toBe(true);
  expect(existsSync(join(ROOT, 'dist', 'cli.js'))).toBe(true);

  const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  targets.push(target);
  const server = await startServer(target.env, { expectKey: true, command: ['dist/main.js'] });
  expect((await call(server, server.firstKey!, 'POST', '/v1/orders', { body: { amount: 100, currency: 'BRL' } })).status).toBe(201);
  const merchants = await runCliProcess(['merchants', 'list', '--json'], { cwd: target.env.PAYORDERS_DATA_DIR!, env: target.env, script: 'dist/cli.js' });
  expect(merchants.code, merchants.stderr).toBe(0);
  expect(merchants.json.data).toHaveLength(1);
  expect(await killServer(server, 'SIGTERM')).toEqual({ code: 0, signal: null });
}), 300_000);
