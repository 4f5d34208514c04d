import { describe, expect, it } from 'vitest';
import { certopayApp, certopayClient, newCustomer } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/customers (CertoPay)', () => {
  it("answers a bare array, newest first, of this merchant's customers in this mode only", async () => {
    const first = await newCustomer(cp, { name: 'A' });
    t.clock.advance(1000);
    const second = await newCustomer(cp, { name: 'B' });
    await newCustomer(certopayClient(t, t.merchant.live), { name: 'live' });
    await newCustomer(certopayClient(t, (await t.newMerchant()).token), { name: 'other' });
    const res = await cp('GET', '/api/customers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([second, first]);
  });
});
