import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const revoke = (token: string, body?: object) => t.request('POST', '/v1/auth/revoke', { token, body });
const orders = (token: string) => t.request('GET', '/v1/orders', { token });
const refresh = (refreshToken: string) => t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: refreshToken } });

/** One user signed in twice: two sessions, as on two devices. */
async function twoSessions() {
  const { email } = await t.newUser(t.merchant.merchantId, 'owner');
  const signIn = async () => (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
  return [await signIn(), await signIn()];
}

describe('POST /v1/auth/revoke', () => {
  it("signs the caller's session out at once: 204, then its access and refresh tokens are refused", async () => {
    const [session, other] = await twoSessions();
    expect((await orders(session!.access_token)).status).toBe(200);
    const res = await revoke(session!.access_token);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect((await orders(session!.access_token)).status).toBe(401);
    expect((await refresh(session!.refresh_token)).status).toBe(401);
    // The same user's other session is not touched.
    expect((await orders(other!.access_token)).status).toBe(200);
    expect((await refresh(other!.refresh_token)).status).toBe(200);
  });

  it("with a refresh token, signs out that token's session instead: another device of the caller", async () => {
    const [here, there] = await twoSessions();
    expect((await revoke(here!.access_token, { refresh_token: there!.refresh_token })).status).toBe(204);
    expect((await refresh(there!.refresh_token)).status).toBe(401);
    expect((await orders(there!.access_token)).status).toBe(401);
    expect((await orders(here!.access_token)).status).toBe(200);
  });

  it('answers 204 again for a session already signed out', async () => {
    const [here, there] = await twoSessions();
    expect((await revoke(here!.access_token, { refresh_token: there!.refresh_token })).status).toBe(204);
    expect((await revoke(here!.access_token, { refresh_token: there!.refresh_token })).status).toBe(204);
  });

  it('takes an empty POST as "this session"', async () => {
    const [session] = await twoSessions();
    const res = await t.app.inject({ method: 'POST', url: '/v1/auth/revoke', headers: { authorization: `Bearer ${session!.access_token}` } });
    expect(res.statusCode).toBe(204);
    expect((await orders(session!.access_token)).status).toBe(401);
  });
});

describe('ended sessions are pruned', () => {
  it('deletes a session and its refresh tokens a week after it ended, and keeps live ones', async () => {
    // An app of its own: the clock moves by days.
    const t = await startTestApp();
    try {
      const ended = await t.newUser(t.merchant.merchantId, 'owner');
      await t.newUser(t.merchant.merchantId, 'owner'); // a live session, which stays
      expect((await t.request('POST', '/v1/auth/revoke', { token: ended.token, body: {} })).status).toBe(204);
      const count = async () => (await t.db.query<{ s: string; r: string }>('SELECT (SELECT count(*) FROM user_sessions)::text AS s, (SELECT count(*) FROM refresh_tokens)::text AS r'))[0]!;
      expect(await count()).toEqual({ s: '2', r: '2' });
      t.clock.advance(6 * 24 * 3_600_000);
      await runExpiry(t);
      expect(await count()).toEqual({ s: '2', r: '2' });
      t.clock.advance(2 * 24 * 3_600_000);
      await runExpiry(t);
      expect(await count()).toEqual({ s: '1', r: '1' });
    } finally {
      await t.close();
    }
  });
});
