import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { decodeId } from '../src/domain/ids.js';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { Authenticator } from '../src/services/authenticator.js';
import { openConfiguredDb } from '../src/store/db.js';
import { MIGRATIONS_DIR } from '../src/store/migrate.js';
import { dropSchema, newSchemaName, onTestServer, TEST_DATABASE_URL, TEST_STORE, TEST_PASSWORD } from './helpers.js';
import { runCliProcess, type CliRun } from './process/server.js';

/**
 * The operator CLI through its public surface: `node bin/payorders.js … --json` as a child process,
 * on a fresh PGlite data directory or a fresh PostgreSQL schema (selected through the URL's `options`).
 * What it creates is then used against the real HTTP app, opened in-process on the same configuration.
 */

const SLOW = 180_000;

let dir: string;
let schema: string | undefined;
let databaseUrl = '';
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payorders-cli-'));
  if (TEST_STORE === 'postgres') {
    schema = newSchemaName();
    await onTestServer((db) => db.exec(`CREATE SCHEMA "${schema}"`));
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-csearch_path=${schema}`);
    databaseUrl = url.toString();
  }
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && !name.startsWith('PAYORDERS_')));
  env = { ...inherited, DATABASE_URL: databaseUrl, PAYORDERS_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  if (schema) await dropSchema(schema);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One CLI process, run from the temp directory (so neither the repo's cwd nor its .env is involved). */
function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return runCliProcess(args, { cwd: dir, env: { ...env, ...options.env } as Record<string, string>, input: options.input });
}

/** Asserts success and returns the parsed --json output. */
async function ok(args: string[], options?: Parameters<typeof cli>[1]): Promise<any> {
  const run = await cli([...args, '--json'], options);
  // Nothing on stderr but the store it used.
  expect(run.stderr).toMatch(TEST_STORE === 'pglite' ? /^Store: embedded PGlite in \S+\n$/ : /^Store: PostgreSQL at .+ \(DATABASE_URL\)\n$/);
  expect(run.code).toBe(0);
  return run.json;
}

/** The real app on the CLI's configuration, with a fresh Authenticator (so no cached key lookups). */
async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const config = { ...loadConfig({ DATABASE_URL: databaseUrl, PAYORDERS_DATA_DIR: join(dir, 'data') }), rateLimitPerSecond: 0 };
  const db = await openConfiguredDb(config);
  const { app } = await buildApp({ db, clock: systemClock, config, auth: new Authenticator(db, systemClock) });
  try {
    await app.ready();
    return await work(app);
  } finally {
    await app.close();
    await db.close();
  }
}

async function listOrdersStatus(app: App, token: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/v1/orders', headers: { authorization: `Bearer ${token}` } })).statusCode;
}

/** POST /v1/tokens with a publishable key: 401 when the key is refused. */
async function tokenizeStatus(app: App, key: string): Promise<number> {
  const card = { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' };
  return (await app.inject({ method: 'POST', url: '/v1/tokens', headers: { authorization: `Bearer ${key}` }, payload: { card } })).statusCode;
}

const PASSWORD = TEST_PASSWORD;

describe(`payorders CLI (${TEST_STORE})`, () => {
  let merchant: any;
  let store: any;
  let branch: any;
  let testKey: any;

  it('migrate applies the migrations and says which', { timeout: SLOW }, async () => {
    const out = await ok(['migrate']);
    const versions = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));
    expect(out).toEqual({ store: TEST_STORE, applied: versions });
  });

  it('creates a merchant, store, branch, users and a key that work against the HTTP app', { timeout: SLOW }, async () => {
    merchant = await ok(['merchants', 'create', '--name', 'Acme Ltd']);
    expect(merchant).toMatchObject({ object: 'merchant', name: 'Acme Ltd' });
    expect(merchant.id).toMatch(/^mer_[0-9a-z]{26}$/);

    // Ids are accepted as UUIDs too.
    store = await ok(['stores', 'create', '--merchant', decodeId('merchant', merchant.id)!, '--name', 'Main street']);
    expect(store).toMatchObject({ object: 'store', merchant: merchant.id, name: 'Main street' });
    expect(store.id).toMatch(/^sto_/);

    branch = await ok(['branches', 'create', '--merchant', merchant.id, '--store', store.id, '--name', 'Downtown']);
    expect(branch).toMatchObject({ object: 'branch', merchant: merchant.id, store: store.id, name: 'Downtown' });
    expect(branch.id).toMatch(/^bra_/);

    const branchUser = await ok(
      ['users', 'create', '--merchant', merchant.id, '--email', 'cashier@example.com', '--role', 'branch', '--branch', branch.id, '--password-stdin'],
      { input: `${PASSWORD}\n` },
    );
    expect(branchUser).toMatchObject({ object: 'user', email: 'cashier@example.com', role: 'branch', store: store.id, branch: branch.id });
    expect(branchUser.id).toMatch(/^usr_/);
    expect(branchUser).not.toHaveProperty('password');
    expect(branchUser).not.toHaveProperty('password_hash');

    const owner = await ok(['users', 'create', '--merchant', merchant.id, '--email', 'owner@example.com', '--role', 'owner']);
    expect(owner).toMatchObject({ role: 'owner', store: null, branch: null });
    expect(owner.password).toEqual(expect.any(String));
    expect(owner.password.length).toBeGreaterThanOrEqual(12);

    testKey = await ok(['keys', 'create', '--merchant', merchant.id, '--mode', 'test', '--name', 'ci']);
    expect(testKey).toMatchObject({ object: 'api_key', merchant: merchant.id, mode: 'test', name: 'ci', status: 'active', revoked_at: null });
    expect(testKey.secret).toMatch(/^sk_test_/);
    expect(testKey.masked).toBe(`sk_test_…${testKey.secret.slice(-4)}`);
    // The mode's publishable key is made beside it, and printed again on asking.
    expect(testKey.publishable_key).toMatch(/^pk_test_/);
    expect((await ok(['keys', 'publishable', '--merchant', merchant.id, '--mode', 'test'])).publishable_key).toBe(testKey.publishable_key);

    await withApp(async (app) => {
      expect(await listOrdersStatus(app, testKey.secret)).toBe(200);
      expect(await listOrdersStatus(app, testKey.publishable_key)).toBe(403);
      const signIn = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: 'cashier@example.com', password: PASSWORD } });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().user).toMatchObject({ id: branchUser.id, role: 'branch', merchant: merchant.id, branch: branch.id });
      const ownerSignIn = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: 'owner@example.com', password: owner.password } });
      expect(ownerSignIn.statusCode).toBe(200);
    });
  });

  it('lists what it created, never printing a secret or a hash', { timeout: SLOW }, async () => {
    expect((await ok(['merchants', 'list'])).data.map((m: any) => m.id)).toContain(merchant.id);
    expect((await ok(['stores', 'list', '--merchant', merchant.id])).data).toEqual([store]);
    expect((await ok(['branches', 'list', '--merchant', merchant.id])).data).toEqual([branch]);

    const users = await cli(['users', 'list', '--merchant', merchant.id, '--json']);
    expect(users.code).toBe(0);
    expect(users.json.data.map((u: any) => u.email).sort()).toEqual(['cashier@example.com', 'owner@example.com']);
    expect(users.stdout).not.toMatch(/scrypt|password/i);

    // Text mode: a table with the masked key.
    const keys = await cli(['keys', 'list', '--merchant', merchant.id]);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toContain(testKey.id);
    expect(keys.stdout).toContain(testKey.masked);
    expect(keys.stdout).toMatch(/\bactive\b/);
    expect(keys.stdout).not.toContain(testKey.secret);
    expect(keys.stdout).not.toContain(createHash('sha256').update(testKey.secret).digest('hex'));
  });

  it('revokes a key: a fresh app then answers 401', { timeout: SLOW }, async () => {
    const revoked = await ok(['keys', 'revoke', '--merchant', merchant.id, testKey.id]);
    expect(revoked).toMatchObject({ id: testKey.id, status: 'revoked' });
    expect(Date.parse(revoked.revoked_at)).toBeLessThanOrEqual(Date.now());
    expect(revoked).not.toHaveProperty('secret');

    await withApp(async (app) => expect(await listOrdersStatus(app, testKey.secret)).toBe(401));

    const again = await cli(['keys', 'revoke', '--merchant', merchant.id, testKey.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already revoked');
    expect(again.stderr).toContain(testKey.id);
  });

  it('rolls a key: with --grace 0 the old key stops at once; with a grace period it keeps working', { timeout: SLOW }, async () => {
    // Text mode prints the secret once, with the warning.
    const created = await cli(['keys', 'create', '--merchant', merchant.id, '--mode', 'live']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/shown once/i);
    const first = /(sk_live_\w+)/.exec(created.stdout)![1]!;
    const firstId = /(key_\w{26})/.exec(created.stdout)![1]!;

    const rolled = await ok(['keys', 'roll', '--merchant', merchant.id, firstId, '--grace', '0']);
    expect(rolled).toMatchObject({ mode: 'live', status: 'active', replaced: { id: firstId, status: 'expired' } });
    expect(rolled.id).not.toBe(firstId);
    expect(rolled.secret).toMatch(/^sk_live_/);
    expect(rolled.secret).not.toBe(first);
    expect(Date.parse(rolled.replaced.expires_at)).toBeLessThanOrEqual(Date.now());

    const graced = await cli(['keys', 'roll', '--merchant', merchant.id, rolled.id, '--grace', '30m']);
    expect(graced.code).toBe(0);
    expect(graced.stdout).toMatch(/shown once/i);
    const third = /(sk_live_\w+)/.exec(graced.stdout)![1]!;
    const until = /keeps working until (\S+)/.exec(graced.stdout)![1]!;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    await withApp(async (app) => {
      expect(await listOrdersStatus(app, first)).toBe(401);
      expect(await listOrdersStatus(app, rolled.secret)).toBe(200);
      expect(await listOrdersStatus(app, third)).toBe(200);
    });
  });

  it('rolls and revokes the publishable key: the old one tokenizes for the overlap, a revoked one is 401', { timeout: SLOW }, async () => {
    const first = testKey.publishable_key;
    const rolled = await ok(['keys', 'roll-publishable', '--merchant', merchant.id, '--mode', 'test', '--overlap', '30m']);
    expect(rolled).toMatchObject({ object: 'publishable_key', status: 'active', replaced: { key: first, status: 'expiring' } });
    expect(rolled.key).toMatch(/^pk_test_/);
    expect(Date.parse(rolled.replaced.revoked_at) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect((await ok(['keys', 'publishable', '--merchant', merchant.id, '--mode', 'test'])).publishable_key).toBe(rolled.key);
    await withApp(async (app) => {
      expect(await tokenizeStatus(app, first)).not.toBe(401);
      expect(await tokenizeStatus(app, rolled.key)).not.toBe(401);
    });
    const revoked = await ok(['keys', 'revoke-publishable', '--merchant', merchant.id, first]);
    expect(revoked).toMatchObject({ key: first, status: 'revoked' });
    await withApp(async (app) => expect(await tokenizeStatus(app, first)).toBe(401));
    const again = await cli(['keys', 'revoke-publishable', '--merchant', merchant.id, first]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('revoked at');
  });

  it('rejects bad command lines with exit 2 and a message naming the option', { timeout: SLOW }, async () => {
    const cases: [string[], RegExp][] = [
      [['stores', 'create', '--name', 'X'], /missing required option --merchant/],
      [['keys', 'create', '--merchant', merchant.id, '--mode', 'prod'], /--mode must be one of test, live/],
      [['keys', 'create', '--merchant', 'sto_nope', '--mode', 'test'], /--merchant must be a merchant id/],
      [['keys', 'roll', '--merchant', merchant.id, testKey.id, '--grace', 'soon'], /--grace must be a duration/],
      [['merchants', 'create', '--name', 'X', '--colour', 'red'], /unknown option --colour/],
      [['merchants', 'create', '--name'], /option --name needs a value/],
      [['keys', 'revoke', '--merchant', merchant.id], /missing argument <key-id>/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    // These fail before any store is opened, so they can run side by side.
    const runs = await Promise.all(cases.map(([args]) => cli([...args, '--json'])));
    runs.forEach((run, i) => {
      expect(run.stderr, cases[i]![0].join(' ')).toMatch(cases[i]![1]);
      expect(run.code, cases[i]![0].join(' ')).toBe(2);
      // With --json the error is also one JSON document on stdout.
      expect(run.json.error.code).toBe('usage_error');
      expect(run.json.error.message).toMatch(cases[i]![1]);
    });

    // Checked by the services: still an option error.
    const storeUser = await cli(['users', 'create', '--merchant', merchant.id, '--email', 'x@example.com', '--role', 'store', '--json']);
    expect(storeUser.code).toBe(2);
    expect(storeUser.stderr).toMatch(/--store/);
    expect(storeUser.json.error).toMatchObject({ code: 'validation_error', option: '--store' });

    // A domain error (unknown merchant) exits 1, naming the id as typed.
    const missing = 'mer_00000000000000000000000000';
    const notFound = await cli(['stores', 'list', '--merchant', missing, '--json']);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain(`No such merchant: '${missing}'`);
    expect(notFound.json).toEqual({ error: { code: 'resource_missing', message: `No such merchant: '${missing}'` } });
  });

  it('config prints the configuration as JSON with the database password masked; help prints usage', { timeout: SLOW }, async () => {
    const [config, badConfig, help, bare] = await Promise.all([
      cli(['config', '--json'], { env: { DATABASE_URL: 'postgres://payorders:hunter2-secret@db.internal:5432/payorders' } }),
      cli(['merchants', 'list'], { env: { PORT: 'not-a-port' } }),
      cli(['--help']),
      cli([]),
    ]);
    expect(config.code).toBe(0);
    expect(config.json).toMatchObject({ databaseUrl: 'postgres://payorders:****@db.internal:5432/payorders', store: 'postgres' });
    expect(config.stdout).not.toContain('hunter2');

    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/PORT/);

    for (const run of [help, bare]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('payorders keys roll --merchant <id> <key-id>');
    }
  });
});

describe('payorders config', () => {
  it('masks every secret of DATABASE_URL: the userinfo password and the password and sslpassword parameters', { timeout: SLOW }, async () => {
    const secrets = ['userinfo-s3cret', 'query-s3cret', 'sslkey-s3cret', 'socket-s3cret', 'unparsed-s3cret'];
    const urls = [
      'postgres://payorders:userinfo-s3cret@db.internal:5432/payorders?sslmode=verify-full&password=query-s3cret&sslpassword=sslkey-s3cret&application_name=api',
      'postgresql://payorders:socket-s3cret@/payorders?host=/var/run/postgresql',
      // Not a URL node-postgres can parse (an unencoded "/" in the password): shown not at all.
      'postgres://payorders:unparsed/unparsed-s3cret@db.internal/payorders',
    ];
    const runs = await Promise.all(urls.flatMap((url) => [cli(['config', '--json'], { env: { DATABASE_URL: url } }), cli(['config'], { env: { DATABASE_URL: url } })]));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(runs.filter((_, i) => i % 2 === 0).map((run) => run.json.databaseUrl)).toEqual([
      'postgres://payorders:****@db.internal:5432/payorders?sslmode=verify-full&password=****&sslpassword=****&application_name=api',
      'postgresql://payorders:****@/payorders?host=/var/run/postgresql',
      '(set; not shown: it does not parse as a URL)',
    ]);
  });
});
