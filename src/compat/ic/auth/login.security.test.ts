import { describe, expect, it } from 'vitest';
import { expectNestError, icApp, icClient, icLogin } from '../fixture.js';

const { t } = await icApp();

describe('POST /api/v1/auth/login (IC): tokens', () => {
  it('an access token expires after its hour; a forged or altered one is refused', async () => {
    const [, storeUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const session = await icLogin(t, storeUser!);
    const path = '/api/v1/payment/order/9aa9124b-f7d8-49dc-8df6-53d5348ea383';
    expect((await icClient(t, session.accessToken)(`GET`, path)).status).toBe(404);
    const [header, payload, signature] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url')}.${signature}`;
    expectNestError(await icClient(t, forged)('GET', path), 401, 'Invalid or expired token');
    t.clock.advance(3_601_000);
    expectNestError(await icClient(t, session.accessToken)('GET', path), 401, 'Invalid or expired token');
  });

  it('does not reveal whether an email exists: the same 401 for both', async () => {
    const api = icClient(t);
    const [owner] = await t.newUserOfEachRole(t.merchant.merchantId);
    const known = await api('POST', '/api/v1/auth/login', { token: null, body: { email: owner!.email, password: 'nope' } });
    const unknown = await api('POST', '/api/v1/auth/login', { token: null, body: { email: 'ghost@example.com', password: 'nope' } });
    expect(known.body).toEqual(unknown.body);
  });
});
