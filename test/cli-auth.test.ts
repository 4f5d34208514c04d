import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { encodeId } from '../src/domain/ids.js';
import { expectProblem, startTestApp, type TestApp, TEST_PASSWORD } from './helpers.js';

/**
 * The CLI's sign-in commands (users disable/enable, signing-keys rotate) through runCli, on the test
 * app's own store and clock, so what they do is seen through the HTTP app right after.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const code = await runCli(
    [...args, '--json'],
    { stdin: Readable.from([]), stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) },
    { db: t.db, clock: t.clock, loadConfig: () => t.services.config },
  );
  return { code, stdout, stderr, json: code === 0 ? JSON.parse(stdout) : undefined };
}

const signIn = (email: string) => t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } });
const refresh = (refreshToken: string) => t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: refreshToken } });
const orders = (token: string) => t.request('GET', '/v1/orders', { token });
const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid as string;

async function signedInUser(merchantId = t.merchant.merchantId) {
  const { email } = await t.newUser(merchantId, 'owner');
  const tokens = (await signIn(email)).body;
  return { email, id: tokens.user.id as string, tokens };
}

describe('payorders users disable / enable', () => {
  it("disables a user: its sessions are revoked, its tokens stop working within the 10 s cache, sign-in is refused", async () => {
    const user = await signedInUser();
    const second = (await signIn(user.email)).body;
    expect((await orders(user.tokens.access_token)).status).toBe(200);

    const merchant = encodeId('merchant', t.merchant.merchantId);
    const run = await cli('users', 'disable', '--merchant', merchant, user.id);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Three sign-ins: newUser's own, then the two above.
    expect(run.json).toMatchObject({ id: user.id, object: 'user', email: user.email, disabled_at: t.clock.now().toISOString(), revoked_sessions: 3 });

    t.clock.advance(10_000);
    expectProblem(await orders(user.tokens.access_token), 401, 'invalid_credentials');
    expectProblem(await orders(second.access_token), 401, 'invalid_credentials');
    expectProblem(await refresh(user.tokens.refresh_token), 401, 'invalid_credentials');
    expectProblem(await signIn(user.email), 401, 'invalid_credentials');
  });

  it('enables the user again: sign-in works, the sessions revoked by disabling stay revoked', async () => {
    const user = await signedInUser();
    expect((await cli('users', 'disable', '--merchant', t.merchant.merchantId, user.id)).code).toBe(0);
    const enabled = await cli('users', 'enable', '--merchant', t.merchant.merchantId, user.id);
    expect(enabled.code).toBe(0);
    expect(enabled.json).toMatchObject({ id: user.id, disabled_at: null });
    expect(enabled.json).not.toHaveProperty('revoked_sessions');

    expectProblem(await refresh(user.tokens.refresh_token), 401, 'invalid_credentials');
    const again = await signIn(user.email);
    expect(again.status).toBe(200);
    expect((await orders(again.body.access_token)).status).toBe(200);
  });

  it('leaves the other users of the merchant signed in', async () => {
    const user = await signedInUser();
    const colleague = await signedInUser();
    expect((await cli('users', 'disable', '--merchant', t.merchant.merchantId, user.id)).code).toBe(0);
    t.clock.advance(10_000);
    expect((await orders(colleague.tokens.access_token)).status).toBe(200);
    expect((await refresh(colleague.tokens.refresh_token)).status).toBe(200);
  });

  it('says so when the user is already in that state, is not in the merchant, or the id is not a user id', async () => {
    const user = await signedInUser();
    const other = await t.newMerchant();
    expect((await cli('users', 'enable', '--merchant', t.merchant.merchantId, user.id)).stderr).toContain(`User ${user.id} is already enabled`);
    expect((await cli('users', 'disable', '--merchant', t.merchant.merchantId, user.id)).code).toBe(0);
    const twice = await cli('users', 'disable', '--merchant', t.merchant.merchantId, user.id);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`User ${user.id} is already disabled`);

    const elsewhere = await cli('users', 'disable', '--merchant', other.merchantId, user.id);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`No such user: '${user.id}'`);

    const usage = await cli('users', 'disable', '--merchant', t.merchant.merchantId, encodeId('store', other.merchantId));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/argument <user-id> must be a user id/);
    expect((await cli('users', 'disable', '--merchant', t.merchant.merchantId)).stderr).toMatch(/missing argument <user-id>/);
  });
});

describe('payorders signing-keys rotate', () => {
  it('signs new tokens with a new key; tokens of the old key keep working for the grace period (default: one hour)', async () => {
    const m = await t.newMerchant();
    const before = await signedInUser(m.merchantId);
    expect(kidOf(before.tokens.access_token)).toBe('1');

    const run = await cli('signing-keys', 'rotate', '--merchant', m.merchantId);
    expect(run.code).toBe(0);
    const merchant = encodeId('merchant', m.merchantId);
    const graceEnd = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    expect(run.json.data).toEqual([
      { object: 'signing_key', merchant, kid: '1', status: 'verifying', created_at: expect.any(String), expires_at: graceEnd },
      { object: 'signing_key', merchant, kid: '2', status: 'signing', created_at: t.clock.now().toISOString(), expires_at: null },
    ]);
    expect(run.stdout).not.toMatch(/secret/);

    const after = (await signIn(before.email)).body;
    expect(kidOf(after.access_token)).toBe('2');
    expect(kidOf((await refresh(before.tokens.refresh_token)).body.access_token)).toBe('2');
    t.clock.advance(3599_000);
    expect((await orders(before.tokens.access_token)).status).toBe(200);
    expect((await orders(after.access_token)).status).toBe(200);
  });

  it('with --grace 0 ends the old keys now: their tokens are refused once the 10 s cache passes', async () => {
    const m = await t.newMerchant();
    const user = await signedInUser(m.merchantId);
    expect((await orders(user.tokens.access_token)).status).toBe(200);
    const run = await cli('signing-keys', 'rotate', '--merchant', m.merchantId, '--grace', '0');
    expect(run.json.data.map((k: { kid: string; status: string }) => [k.kid, k.status])).toEqual([
      ['1', 'expired'],
      ['2', 'signing'],
    ]);
    t.clock.advance(10_000);
    expectProblem(await orders(user.tokens.access_token), 401, 'invalid_credentials');
    // The session itself is fine: its refresh token brings a token of the new key.
    const refreshed = (await refresh(user.tokens.refresh_token)).body;
    expect((await orders(refreshed.access_token)).status).toBe(200);
  });

  it('with --all rotates every merchant, and drops keys that ended before', async () => {
    const a = await t.newMerchant();
    const b = await t.newMerchant();
    const userA = await signedInUser(a.merchantId);
    await signedInUser(b.merchantId);
    expect((await cli('signing-keys', 'rotate', '--merchant', a.merchantId, '--grace', '0')).code).toBe(0);
    t.clock.advance(1);

    const run = await cli('signing-keys', 'rotate', '--all');
    expect(run.code).toBe(0);
    const kids = (merchantId: string) =>
      run.json.data.filter((k: { merchant: string }) => k.merchant === encodeId('merchant', merchantId)).map((k: { kid: string; status: string }) => [k.kid, k.status]);
    expect(kids(a.merchantId)).toEqual([
      ['2', 'verifying'],
      ['3', 'signing'],
    ]);
    expect(kids(b.merchantId)).toEqual([
      ['1', 'verifying'],
      ['2', 'signing'],
    ]);
    expect(kidOf((await signIn(userA.email)).body.access_token)).toBe('3');
  });

  it('refuses a command line without exactly one of --merchant and --all, or a grace over one hour', async () => {
    for (const [args, message] of [
      [[], /either --merchant <id> or --all/],
      [['--all', '--merchant', t.merchant.merchantId], /either --merchant <id> or --all/],
      [['--all', '--grace', '2h'], /--grace must be at most 1h/],
      [['--all', '--grace', 'soon'], /--grace must be a duration/],
    ] as const) {
      const run = await cli('signing-keys', 'rotate', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const missing = await cli('signing-keys', 'rotate', '--merchant', 'mer_00000000000000000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such merchant: 'mer_00000000000000000000000000'");
  });
});
