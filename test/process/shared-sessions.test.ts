import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createMerchant, createUser } from '../../src/services/accounts.js';
import { openDb } from '../../src/store/db.js';
import { TEST_DATABASE_URL, TEST_PASSWORD, TEST_STORE } from '../helpers.js';
import { call, killAll, postgresTarget, sleep, startServer, type Server } from './server.js';

/**
 * User sessions across two real server processes on one PostgreSQL schema, each with a data directory of
 * its own and no JWT secret configured: the signing keys and the sessions live in the database.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid as string;
const orders = async (node: Server, token: string) => (await call(node, token, 'GET', '/v1/orders')).status;

describe.skipIf(TEST_STORE !== 'postgres')('two server processes on one PostgreSQL schema, no JWT secret (postgres only)', () => {
  it("accept each other's user tokens, refresh tokens and signing-key rotations, and honour each other's sign-outs within 10 s", async () => {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    const node = () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'payorders-node-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      return startServer({ ...target.env, PAYORDERS_DATA_DIR: dataDir });
    };
    const [a, b] = await Promise.all([node(), node()]);

    const db = await openDb({ databaseUrl: TEST_DATABASE_URL, schema: target.schema, poolSize: 2 });
    cleanups.push(() => db.close());
    const merchant = await createMerchant(db, systemClock, 'Two nodes');
    const email = 'two.nodes@example.com';
    await createUser(db, systemClock, { merchantId: merchant.merchantId, email, password: TEST_PASSWORD, role: 'owner' });
    const signIn = async (on: Server) => {
      const res = await call(on, '', 'POST', '/v1/auth/token', { body: { email, password: TEST_PASSWORD } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { access_token: string; refresh_token: string };
    };

    const fromA = await signIn(a);
    expect(await orders(b, fromA.access_token)).toBe(200);

    const refreshed = await call(b, '', 'POST', '/v1/auth/refresh', { body: { refresh_token: fromA.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(await orders(a, refreshed.body.access_token)).toBe(200);

    const rotated = await runCli(['signing-keys', 'rotate', '--merchant', merchant.merchantId, '--json'], quietIo(), {
      db,
      loadConfig: () => loadConfig({ DATABASE_URL: target.databaseUrl }),
    });
    expect(rotated).toBe(0);
    const fromB = await signIn(b);
    expect(kidOf(fromB.access_token)).toBe('2');
    expect(await orders(a, fromB.access_token)).toBe(200);
    expect(kidOf(refreshed.body.access_token)).toBe('1');
    expect(await orders(b, refreshed.body.access_token)).toBe(200);

    // A refresh token exchanged on one node is spent on both: presented again, it revokes its session.
    expect((await call(a, '', 'POST', '/v1/auth/refresh', { body: { refresh_token: fromA.refresh_token } })).status).toBe(401);
    expect((await call(b, '', 'POST', '/v1/auth/refresh', { body: { refresh_token: refreshed.body.refresh_token } })).status).toBe(401);
    expect(await orders(a, refreshed.body.access_token)).toBe(401);

    expect((await call(a, fromB.access_token, 'POST', '/v1/auth/revoke', { body: {} })).status).toBe(204);
    expect(await orders(a, fromB.access_token)).toBe(401);
    const deadline = Date.now() + 15_000;
    let onB = await orders(b, fromB.access_token);
    while (onB === 200 && Date.now() < deadline) {
      await sleep(250);
      onB = await orders(b, fromB.access_token);
    }
    expect(onB).toBe(401);
  }, 60_000);
});

function quietIo() {
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  return { stdin: Readable.from([]), stdout: discard, stderr: discard };
}
