import { describe, expect, it } from 'vitest';
import { icApp, icClient, icLogin, newOrder, UUID } from '../fixture.js';

const { t } = await icApp();

describe('POST /api/v1/auth/login and /api/v1/auth/refresh (IC)', () => {
  it("signs a branch user in: an access token the order routes take, its place as UUIDs, and a refresh token that works once", async () => {
    const [, , branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const session = await icLogin(t, branchUser!);
    expect(Object.keys(session)).toEqual(['accessToken', 'refreshToken', 'tokenType', 'expiresIn', 'user']);
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { email: branchUser!.email, role: 'branch', livemode: false } });
    expect(session.user.id).toMatch(UUID);
    expect(session.user.branchId).toMatch(UUID);
    expect(session.user.storeId).toMatch(UUID);
    const order = await newOrder(icClient(t, session.accessToken));
    expect(order.status).toBe('pending');

    const api = icClient(t);
    const refreshed = await api('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(session.refreshToken);
    expect((await icClient(t, refreshed.body.accessToken)('GET', `/api/v1/payment/order/${order.id}`)).status).toBe(200);
  });

  it('a live session sees live orders only', async () => {
    const [owner] = await t.newUserOfEachRole(t.merchant.merchantId);
    const live = await icLogin(t, owner!, { livemode: true });
    expect(live.user.livemode).toBe(true);
    const testOrder = await newOrder(icClient(t));
    expect((await icClient(t, live.accessToken)('GET', `/api/v1/payment/order/${testOrder.id}`)).status).toBe(404);
  });
});
