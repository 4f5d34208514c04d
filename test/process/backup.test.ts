import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, runCliProcess, startServer } from './server.js';

/** `payorders backup` beside a running embedded server, and `payorders restore` into an empty data directory. */

const cleanups: Array<() => Promise<void>> = [];
afterEach(killAll);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-backup-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe(`payorders backup and restore (${TEST_STORE})`, () => {
  it.skipIf(TEST_STORE !== 'pglite')('snapshots the store while the server runs; the snapshot restores into a new data directory that serves it', async () => {
    const target = pgliteTarget();
    cleanups.push(target.drop);
    const cwd = scratch();
    const server = await startServer(target.env, { expectKey: true });
    const key = server.firstKey!;
    const before = (await call(server, key, 'POST', '/v1/orders', { body: { amount: 2970, currency: 'BRL', reference: 'kept' } })).body;

    const backup = await runCliProcess(['backup', '--out', 'snapshot.tar.gz', '--json'], { cwd, env: target.env });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('through the running server');
    const file = join(cwd, 'snapshot.tar.gz');
    expect(backup.json).toMatchObject({ object: 'backup', path: file, bytes: statSync(file).size });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await runCliProcess(['backup', '--out', 'snapshot.tar.gz', '--json'], { cwd, env: target.env });
    expect(again.json.error).toMatchObject({ code: 'conflict' });

    const after = (await call(server, key, 'POST', '/v1/orders', { body: { amount: 100, currency: 'BRL', reference: 'later' } })).body;
    await killServer(server, 'SIGTERM');

    // Never over an existing store.
    const over = await runCliProcess(['restore', '--from', file, '--json'], { cwd, env: target.env });
    expect(over.code).toBe(1);
    expect(over.json.error.message).toContain('there is already an embedded store');

    const restoredDir = join(scratch(), 'data');
    const env = { ...target.env, PAYORDERS_DATA_DIR: restoredDir };
    const restore = await runCliProcess(['restore', '--from', file, '--json'], { cwd, env });
    expect(restore.code, restore.stderr).toBe(0);
    expect(statSync(restoredDir).mode & 0o777).toBe(0o700);
    const restored = await startServer(env);
    expect(restored.firstKey).toBeNull();
    expect((await call(restored, key, 'GET', `/v1/orders/${before.id}`)).body).toMatchObject({ id: before.id, reference: 'kept' });
    expect((await call(restored, key, 'GET', `/v1/orders/${after.id}`)).status).toBe(404);
    await killServer(restored, 'SIGTERM');
  }, 300_000);

  it.skipIf(TEST_STORE !== 'postgres')('on PostgreSQL points to pg_dump and pg_restore', async () => {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    const cwd = scratch();
    await runCliProcess(['migrate'], { cwd, env: target.env });
    const backup = await runCliProcess(['backup', '--out', 'x.tar.gz', '--json'], { cwd, env: target.env });
    expect(backup.code).toBe(1);
    expect(backup.json.error.message).toContain('pg_dump');
    const restore = await runCliProcess(['restore', '--from', 'x.tar.gz', '--json'], { cwd, env: target.env });
    expect(restore.json.error.message).toContain('pg_restore');
  }, 120_000);
});
