import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { startTestApp } from '../../../../test/helpers.js';
import { certopayApp, certopayClient, expectNestError, newCustomer } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/orders (CertoPay): keys, tenants, modes and the rate limit', () => {
  it('answers 401 without a key, with a wrong one, and with a /v1 Bearer instead of X-Api-Key', async () => {
    const body = { customerId: 'x', amount: 100 };
    expectNestError(await cp('POST', '/api/orders', { body, key: null }), 401, 'API key is required (X-Api-Key)');
    expectNestError(await cp('POST', '/api/orders', { body, key: 'sk_test_nope' }), 401, 'Invalid API key');
    const wrongLast = t.merchant.token.endsWith('0') ? '1' : '0';
    expectNestError(await cp('POST', '/api/orders', { body, key: `${t.merchant.token.slice(0, -1)}${wrongLast}` }), 401, 'Invalid API key');
    const bearer = await t.request('POST', '/compat/certopay/api/orders', { body });
    expectNestError(bearer, 401, 'API key is required (X-Api-Key)');
  });

  it("cannot order for another merchant's customer, nor the other mode's", async () => {
    const other = await t.newMerchant();
    const theirs = await newCustomer(certopayClient(t, other.token));
    expectNestError(await cp('POST', '/api/orders', { body: { customerId: theirs.id, amount: 100 } }), 404, 'Customer not found');
    const testCustomer = await newCustomer(cp);
    expectNestError(await cp('POST', '/api/orders', { key: t.merchant.live, body: { customerId: testCustomer.id, amount: 100 } }), 404, 'Customer not found');
  });

  it('lets the key decide the mode: a live key makes a live order, seen only with live keys', async () => {
    const live = certopayClient(t, t.merchant.live);
    const customer = await newCustomer(live);
    const order = (await live('POST', '/api/orders', { body: { customerId: customer.id, amount: 100 } })).body;
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: t.merchant.live })).body.livemode).toBe(true);
    expectNestError(await cp('GET', `/api/orders/${order.id}`), 404, 'Order not found');
  });

  it('allows 100 requests a minute per key, then 429 as NestJS throttler words it, until the minute is over', async () => {
    t.clock.set(new Date(Math.ceil(t.clock.now().getTime() / 60_000) * 60_000 + 1000));
    const other = await t.newMerchant();
    const theirs = certopayClient(t, other.token);
    for (let i = 0; i < 100; i++) expect((await theirs('GET', '/api/orders')).status).toBe(200);
    const limited = await theirs('POST', '/api/orders', { body: { customerId: 'x', amount: 1 } });
    expectNestError(limited, 429, 'ThrottlerException: Too Many Requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await cp('GET', '/api/orders')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await theirs('GET', '/api/orders')).status).toBe(200);
  });

  it('takes the operator\'s limit instead (PAYORDERS_FACE_CERTOPAY_RATE_LIMIT), and none at 0', async () => {
    for (const [limit, allowed] of [['3', 3], ['0', 150]] as const) {
      const app = await startTestApp({ faces: loadConfig({ PAYORDERS_FACE_CERTOPAY_RATE_LIMIT: limit }).faces });
      try {
        const client = certopayClient(app);
        const statuses: number[] = [];
        for (let i = 0; i <= allowed; i++) statuses.push((await client('GET', '/api/orders')).status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(limit === '0' ? allowed + 1 : allowed);
      } finally {
        await app.close();
      }
    }
  });
});
