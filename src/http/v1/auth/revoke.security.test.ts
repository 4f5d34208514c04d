import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../src/http/app.js';
import { Authenticator } from '../../../../src/services/authenticator.js';
import { startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const revoke = (token: string, body?: object) => t.request('POST', '/v1/auth/revoke', { token, body });
const refresh = (refreshToken: string) => t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: refreshToken } });

async function signedIn(merchantId = t.merchant.merchantId) {
  const { email } = await t.newUser(merchantId, 'owner');
  return (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
}

describe('sign-out', () => {
  it("cannot sign out another user's session: the answer is the same as for a token that does not exist", async () => {
    const caller = await signedIn();
    const colleague = await signedIn();
    const stranger = await signedIn((await t.newMerchant()).merchantId);
    const unknown = `rt_${colleague.refresh_token.slice(3, 29)}${'0'.repeat(32)}`;
    for (const refreshToken of [colleague.refresh_token, stranger.refresh_token, unknown, 'not-a-token']) {
      const res = await revoke(caller.access_token, { refresh_token: refreshToken });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
    }
    for (const victim of [colleague, stranger]) {
      expect((await t.request('GET', '/v1/orders', { token: victim.access_token })).status).toBe(200);
      expect((await refresh(victim.refresh_token)).status).toBe(200);
    }
    // Nor was the caller's own session revoked in their place.
    expect((await t.request('GET', '/v1/orders', { token: caller.access_token })).status).toBe(200);
  });

  it('reaches another node on the same store within its 10 s cache', async () => {
    const other = await buildApp({ ...t.services, auth: new Authenticator(t.db, t.clock) });
    try {
      const tokens = await signedIn();
      const onOther = async () => (await other.app.inject({ method: 'GET', url: '/v1/orders', headers: { authorization: `Bearer ${tokens.access_token}` } })).statusCode;
      expect(await onOther()).toBe(200);
      expect((await revoke(tokens.access_token)).status).toBe(204);
      t.clock.advance(9_999);
      expect(await onOther()).toBe(200);
      t.clock.advance(1);
      expect(await onOther()).toBe(401);
    } finally {
      await other.app.close();
    }
  });
});
