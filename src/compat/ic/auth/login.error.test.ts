import { describe, expect, it } from 'vitest';
import { expectNestError, icApp, icClient, icLogin } from '../fixture.js';

const { t } = await icApp();

describe('POST /api/v1/auth/login and /refresh (IC): refusals', () => {
  it('answers 400 naming the field, 401 for a wrong password or an unknown email', async () => {
    const api = icClient(t, '');
    const [, storeUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    expectNestError(await api('POST', '/api/v1/auth/login', { token: null, body: { password: 'x' } }), 400, 'email is required');
    expectNestError(await api('POST', '/api/v1/auth/login', { token: null, body: { email: 'not-an-email', password: 'x' } }), 400, /^email must match format "email"/);
    expectNestError(await api('POST', '/api/v1/auth/login', { token: null, body: { email: storeUser!.email, password: 'wrong' } }), 401, 'The email or password is wrong');
    expectNestError(await api('POST', '/api/v1/auth/login', { token: null, body: { email: 'nobody@example.com', password: 'wrong' } }), 401, 'The email or password is wrong');
    expectNestError(await api('POST', '/api/v1/auth/refresh', { token: null, body: {} }), 400, 'refreshToken is required');
    expectNestError(await api('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken: 'rt_nonsense' } }), 401, /^The refresh token is invalid/);
  });

  it('revokes the session when a refresh token is used twice: neither the old nor the new access token works after', async () => {
    const [, , branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const session = await icLogin(t, branchUser!);
    const api = icClient(t);
    const first = await api('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken: session.refreshToken } });
    expect(first.status).toBe(200);
    expectNestError(await api('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken: session.refreshToken } }), 401);
    t.clock.advance(11_000); // past the authenticator's cache of the session
    expectNestError(await icClient(t, first.body.accessToken)('GET', '/api/v1/payment/order/9aa9124b-f7d8-49dc-8df6-53d5348ea383'), 401, 'Invalid or expired token');
  });
});
