import { describe, expect, it } from 'vitest';
import { expectNestError, icApp, icClient, icLogin, newOrder, setRates } from '../fixture.js';

const { t, ic } = await icApp();

describe('POST /api/v1/payment/webhook/{orderId}/tron (IC): who may poll', () => {
  it("answers 401 without a token, 404 to another merchant, the other mode and a branch user of another branch", async () => {
    const order = await newOrder(ic, 'USDT', '5.00');
    const path = `/api/v1/payment/webhook/${order.id}/tron`;
    expectNestError(await ic('POST', path, { token: null }), 401, 'Unauthorized');
    expectNestError(await icClient(t, (await t.newMerchant()).token)('POST', path), 404, 'Order not found');
    expectNestError(await ic('POST', path, { token: t.merchant.live }), 404, 'Order not found');
    const [, , branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const branch = icClient(t, (await icLogin(t, branchUser!)).accessToken);
    expectNestError(await branch('POST', path), 404, 'Order not found');
    await setRates(t, t.merchant.token);
    const own = await newOrder(branch, 'USDT', '5.00');
    expect((await branch('POST', `/api/v1/payment/webhook/${own.id}/tron`)).status).toBe(200);
  });
});
