import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const signIn = (body: object) => t.request('POST', '/v1/auth/token', { token: null, body });
const refresh = (refreshToken: string) => t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: refreshToken } });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const DAY = 86_400_000;

async function signedIn(livemode = false) {
  const { email } = await t.newUser(t.merchant.merchantId, 'owner');
  return (await signIn({ email, password: TEST_PASSWORD, livemode })).body;
}

describe('POST /v1/auth/refresh', () => {
  it('exchanges a refresh token for a new access token and a new refresh token of the same session and user', async () => {
    const first = await signedIn();
    t.clock.advance(60_000);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^rt_[0-9a-z]{58}$/),
      user: first.user,
    });
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    const [before, after] = [first, res.body].map((b) => claims(b.access_token));
    expect(after!.sid).toBe(before!.sid);
    expect(after!.sub).toBe(before!.sub);
    expect(after!.iat).toBe(Number(before!.iat) + 60);
    expect((await t.request('GET', '/v1/orders', { token: res.body.access_token })).status).toBe(200);
  });

  it('keeps working past the first access token: a new refresh token each time, each one hour of access', async () => {
    let tokens = await signedIn();
    const first = tokens.access_token;
    for (let i = 0; i < 3; i++) {
      t.clock.advance(3000_000);
      tokens = (await refresh(tokens.refresh_token)).body;
      expect((await t.request('GET', '/v1/customers', { token: tokens.access_token })).status).toBe(200);
    }
    expect((await t.request('GET', '/v1/customers', { token: first })).status).toBe(401);
  });

  it('keeps the mode the session signed in with', async () => {
    const live = await signedIn(true);
    const order = (await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody({ reference: 'live-refresh' }) })).body;
    const refreshed = (await refresh(live.refresh_token)).body;
    expect(refreshed.user.livemode).toBe(true);
    expect(claims(refreshed.access_token).live).toBe(true);
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: refreshed.access_token })).status).toBe(200);
  });

  it('keeps a session alive for as long as it is refreshed within 30 days', async () => {
    let tokens = await signedIn();
    for (let i = 0; i < 3; i++) {
      t.clock.advance(29 * DAY);
      const res = await refresh(tokens.refresh_token);
      expect(res.status).toBe(200);
      tokens = res.body;
    }
  });

  it('needs no Authorization, and a bad one does not block it', async () => {
    const tokens = await signedIn();
    const res = await t.request('POST', '/v1/auth/refresh', { token: 'garbage', body: { refresh_token: tokens.refresh_token } });
    expect(res.status).toBe(200);
  });
});
