import { describe, it } from 'vitest';
import { expectNestError, icApp, icClient, newOrder } from '../fixture.js';

const { t, ic } = await icApp();

describe('GET /api/v1/payment/order/{orderId} (IC): isolation', () => {
  it("answers 401 without a Bearer, and 404 for another merchant's order, the other mode's, or an id that is none", async () => {
    const order = await newOrder(ic);
    const path = `/api/v1/payment/order/${order.id}`;
    expectNestError(await ic('GET', path, { token: null }), 401, 'Unauthorized');
    expectNestError(await icClient(t, (await t.newMerchant()).token)('GET', path), 404, 'Order not found');
    expectNestError(await ic('GET', path, { token: t.merchant.live }), 404, 'Order not found');
    expectNestError(await ic('GET', '/api/v1/payment/order/9aa9124b-f7d8-49dc-8df6-53d5348ea383'), 404, 'Order not found');
    expectNestError(await ic('GET', '/api/v1/payment/order/%E0%A4%A'), 400);
  });
});
