import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, ROOT, runCliProcess, startServer, type StoreTarget } from './server.js';

/**
 * The operator's CLI while `npm start` runs: every command, run from a directory that is neither the
 * repository nor the data directory, works on the server's store (on the embedded store, inside the
 * server, through the data directory's socket), says which store it used, prints what it prints alone,
 * and answers --json errors as JSON.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(killAll);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function elsewhere(): string {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-operator-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function target(): Promise<StoreTarget> {
  const t = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  cleanups.push(t.drop);
  return t;
}

const SLOW = 240_000;

describe(`the CLI beside a running server (${TEST_STORE})`, () => {
  it('runs every kind of command while the server runs, from another directory, with the server seeing the result at once', { timeout: SLOW }, async () => {
    const store = await target();
    const server = await startServer(store.env, { expectKey: true });
    const merchantId = /created the merchant (mer_[0-9a-z]{26})/.exec(server.stderr())![1]!;
    const cwd = elsewhere();
    const cli = (args: string[], input?: string) => runCliProcess(args, { cwd, env: store.env, input });
    const ok = async (args: string[], input?: string) => {
      const run = await cli([...args, '--json'], input);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      const via = TEST_STORE === 'pglite' ? `embedded PGlite in ${store.env.PAYORDERS_DATA_DIR}, through the running server (process ${server.pid})` : 'PostgreSQL at ';
      expect(run.stderr).toContain(`Store: ${via}`);
      return run.json;
    };

    // The banner's merchant is the one the CLI lists.
    expect((await ok(['merchants', 'list'])).data.map((m: any) => m.id)).toEqual([merchantId]);
    expect(await ok(['migrate'])).toMatchObject({ applied: [] });

    const storeRow = await ok(['stores', 'create', '--merchant', merchantId, '--name', 'Centro']);
    const branch = await ok(['branches', 'create', '--merchant', merchantId, '--store', storeRow.id, '--name', 'Loja 1']);
    const user = await ok(
      ['users', 'create', '--merchant', merchantId, '--email', 'caixa@example.com', '--role', 'branch', '--branch', branch.id, '--password-stdin'],
      `${TEST_PASSWORD}\n`,
    );
    expect(user).toMatchObject({ role: 'branch', branch: branch.id });
    const live = await ok(['keys', 'create', '--merchant', merchantId, '--mode', 'live', '--name', 'shop']);
    expect(live.secret).toMatch(/^sk_live_/);
    const second = await ok(['merchants', 'create', '--name', 'Loja Verde']);
    expect((await ok(['merchants', 'list'])).data.map((m: any) => m.id).sort()).toEqual([merchantId, second.id].sort());
    expect((await ok(['payment-settings', 'show', '--merchant', merchantId, '--mode', 'test'])).pix).toMatchObject({ provider: 'sandbox' });

    // The running server uses what the CLI made, at once.
    expect((await call(server, live.secret, 'GET', '/v1/orders')).status).toBe(200);
    // keys list says when each key was last used (written off the request's path, so polled for).
    let used: any;
    for (let i = 0; i < 50 && !used?.last_used_at; i++) used = (await ok(['keys', 'list', '--merchant', merchantId])).data.find((k: any) => k.id === live.id);
    expect(Date.parse(used.last_used_at)).toBeGreaterThan(Date.parse(live.created_at) - 1000);
    const listed = await cli(['keys', 'list', '--merchant', merchantId]);
    expect(listed.stdout).toMatch(/LAST USED/);
    expect(listed.stdout).toContain(used.last_used_at);

    // Renames show at once in what the server answers.
    expect(await ok(['merchants', 'rename', merchantId, '--name', 'Loja Azul'])).toMatchObject({ id: merchantId, name: 'Loja Azul' });
    expect(await ok(['stores', 'rename', '--merchant', merchantId, storeRow.id, '--name', 'Centro Novo'])).toMatchObject({ id: storeRow.id, name: 'Centro Novo' });
    expect(await ok(['branches', 'rename', '--merchant', merchantId, branch.id, '--name', 'Loja 2'])).toMatchObject({ id: branch.id, store: storeRow.id, name: 'Loja 2' });
    expect((await ok(['stores', 'list', '--merchant', merchantId])).data.map((x: any) => x.name)).toEqual(['Centro Novo']);
    expect((await call(server, live.secret, 'GET', '/v1/account')).body).toMatchObject({ merchant: { id: merchantId, name: 'Loja Azul' }, mode: 'live', credential: { type: 'api_key', id: live.id } });
    const otherBranch = await cli(['branches', 'rename', '--merchant', second.id, branch.id, '--name', 'X', '--json']);
    expect(otherBranch.code).toBe(1);
    expect(otherBranch.json.error.message).toBe(`No such branch: '${branch.id}'`);
    const signIn = await call(server, '', 'POST', '/v1/auth/token', { body: { email: 'caixa@example.com', password: TEST_PASSWORD } });
    expect(signIn.status).toBe(200);
    await ok(['users', 'disable', '--merchant', merchantId, user.id]);
    const refused = await call(server, '', 'POST', '/v1/auth/token', { body: { email: 'caixa@example.com', password: TEST_PASSWORD } });
    expect(refused.status).toBe(401);
    await ok(['keys', 'revoke', '--merchant', merchantId, live.id]);

    // Errors from inside the server: as text on stderr, and as JSON on stdout with --json; exit 1.
    const missing = 'mer_00000000000000000000000000';
    const notFound = await cli(['stores', 'list', '--merchant', missing, '--json']);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain(`payorders: No such merchant: '${missing}'`);
    expect(notFound.json).toEqual({ error: { code: 'resource_missing', message: `No such merchant: '${missing}'` } });
    const twice = await cli(['keys', 'revoke', '--merchant', merchantId, live.id, '--json']);
    expect(twice.code).toBe(1);
    expect(twice.json.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already revoked') });
    const badOption = await cli(['users', 'create', '--merchant', merchantId, '--email', 'x@example.com', '--role', 'store', '--json']);
    expect(badOption.code).toBe(2);
    expect(badOption.json.error).toMatchObject({ code: 'validation_error', option: '--store' });

    // The same text as the CLI prints on its own once the server is gone.
    const texts = async () => Promise.all([cli(['stores', 'list', '--merchant', merchantId]), cli(['keys', 'list', '--merchant', merchantId])]);
    const beside = await texts();
    expect(await killServer(server, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const alone = await texts();
    for (const [i, run] of alone.entries()) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(beside[i]!.stdout);
      expect(run.stderr).not.toContain('through the running server');
    }
    if (TEST_STORE === 'pglite') expect(existsSync(join(store.env.PAYORDERS_DATA_DIR!, 'payorders.sock'))).toBe(false);
  });

  it('resolves the store from the installation, not the working directory, and never creates one to read', { timeout: SLOW }, async () => {
    const cwd = elsewhere();
    // No PAYORDERS_DATA_DIR: the store `npm start` uses, under the installation, wherever the CLI runs.
    const config = await runCliProcess(['config', '--json'], { cwd, env: { DATABASE_URL: '' } });
    expect(config.json.dataDir).toBe(join(ROOT, 'data'));
    const relative = await runCliProcess(['config', '--json'], { cwd, env: { DATABASE_URL: '', PAYORDERS_DATA_DIR: 'var/store' } });
    expect(relative.json.dataDir).toBe(join(ROOT, 'var', 'store'));

    const absent = join(cwd, 'no-store-here');
    for (const args of [['merchants', 'list'], ['keys', 'list', '--merchant', 'mer_00000000000000000000000000']]) {
      const run = await runCliProcess([...args, '--json'], { cwd, env: { DATABASE_URL: '', PAYORDERS_DATA_DIR: absent } });
      expect(run.code).toBe(1);
      expect(run.json.error.message).toContain(`there is no embedded store in ${absent} (PAYORDERS_DATA_DIR)`);
      expect(existsSync(absent)).toBe(false);
    }
  });
});
