import { describe, it } from 'vitest';
import { certopayApp, certopayClient, expectNestError, newOrder } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/orders/{id} (CertoPay): isolation', () => {
  it("answers 404 for another merchant's order, the other mode's, and an id that is none", async () => {
    const mine = await newOrder(cp);
    const other = await t.newMerchant();
    expectNestError(await certopayClient(t, other.token)('GET', `/api/orders/${mine.id}`), 404, 'Order not found');
    expectNestError(await cp('GET', `/api/orders/${mine.id}`, { key: t.merchant.live }), 404, 'Order not found');
    expectNestError(await cp('GET', '/api/orders/uuid-do-pedido'), 404, 'Order not found');
    expectNestError(await cp('GET', `/api/orders/${mine.id}`, { key: null }), 401);
  });
});
