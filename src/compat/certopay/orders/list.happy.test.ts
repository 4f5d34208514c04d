import { describe, expect, it } from 'vitest';
import { orderBody } from '../../../../test/helpers.js';
import { certopayApp, certopayClient, newOrder } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/orders (CertoPay)', () => {
  it("answers a bare array, newest first, of this merchant's orders in this mode, /v1's included", async () => {
    expect((await cp('GET', '/api/orders')).body).toEqual([]);
    const first = await newOrder(cp, 100);
    t.clock.advance(1000);
    await t.request('POST', '/v1/orders', { body: orderBody({ amount: 200 }) });
    t.clock.advance(1000);
    const third = await newOrder(cp, 300);
    await newOrder(certopayClient(t, t.merchant.live), 400);
    await newOrder(certopayClient(t, (await t.newMerchant()).token), 500);
    const res = await cp('GET', '/api/orders');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.map((o: { amount: number }) => o.amount)).toEqual([300, 200, 100]);
    expect(res.body[0]).toEqual(third);
    expect(res.body[2]).toEqual(first);
  });
});
