import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, startServer } from './server.js';

/**
 * The embedded store's files hold customers' personal data in clear (the WAL, the heap): a real server,
 * started with a umask that lets everything through, keeps its data dir to its owner. PostgreSQL keeps its
 * files on its own server, so this is the pglite project's test.
 */

const targets: Array<{ drop(): Promise<void> }> = [];
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

/** Every entry under `dir` with its permission bits, `dir` included. */
function walk(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  const entries: Array<{ path: string; dir: boolean; mode: number }> = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch (error) {
      // A running server removes files (WAL segments, its staged pid file) between readdir and lstat.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    entries.push({ path: relative(dir, path) || '.', dir: stat.isDirectory(), mode: stat.mode & 0o777 });
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return entries;
}

function expectOwnerOnly(dataDir: string) {
  const entries = walk(dataDir);
  expect(entries.filter((e) => !e.dir).length).toBeGreaterThan(100);
  const loose = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.mode.toString(8)} ${e.path}`);
  expect(loose).toEqual([]);
  return entries;
}

/** Starts a server as if from a shell with `umask 000`: the child inherits the mask it is spawned with. */
async function startWithOpenUmask(env: Record<string, string>) {
  const previous = process.umask(0o000);
  try {
    return await startServer(env, { expectKey: true });
  } finally {
    process.umask(previous);
  }
}

describe.skipIf(TEST_STORE !== 'pglite')('the embedded store on disk', () => {
  it('a server started with umask 000 keeps its data dir 0700, every subdirectory 0700 and every file 0600', async () => {
    const target = pgliteTarget();
    targets.push(target);
    // A data dir the server creates itself, not the test's 0700 temp dir.
    const dataDir = join(target.dataDir, 'data');
    const env = { ...target.env, PAYORDERS_DATA_DIR: dataDir };

    const server = await startWithOpenUmask(env);
    const created = await call(server, server.firstKey!, 'POST', '/v1/customers', {
      body: { name: 'Maria Silva', email: 'maria@example.com', tax_id: { type: 'br_cpf', value: '529.982.247-25' } },
    });
    expect(created.status, server.output()).toBe(201);
    // While it runs, the admin socket the CLI talks to too (sockets are files: 0600).
    expect(expectOwnerOnly(dataDir).map((e) => e.path)).toContain('payorders.sock');
    expect(await killServer(server, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expectOwnerOnly(dataDir);
  }, 120_000);

  it('a data dir left world-readable (by an older version) is brought back to owner-only at the next start', async () => {
    const target = pgliteTarget();
    targets.push(target);
    const dataDir = join(target.dataDir, 'data');
    const env = { ...target.env, PAYORDERS_DATA_DIR: dataDir };
    await killServer(await startWithOpenUmask(env), 'SIGTERM');
    for (const entry of walk(dataDir)) chmodSync(join(dataDir, entry.path), entry.dir ? 0o777 : 0o666);

    const server = await startServer(env);
    expectOwnerOnly(dataDir);
    await killServer(server, 'SIGTERM');
  }, 120_000);
});
