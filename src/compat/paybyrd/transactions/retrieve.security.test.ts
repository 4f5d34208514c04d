import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { orderWithPayment } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /compat/paybyrd/api/v2/transactions/{transactionId}: who may read', () => {
  it("answers no key with 401 BYRD401, and another merchant's, the other mode's, unknown and malformed ids with 404 BYRD901", async () => {
    const { payment } = await orderWithPayment(t, { amount: 100, currency: 'BRL' });
    const noKey = await paybyrd(t, 'GET', `/api/v2/transactions/${payment.id}`, { key: null });
    expect(noKey.status).toBe(401);
    expect(noKey.body.code).toBe('BYRD401');
    const other = await t.newMerchant();
    for (const [id, key] of [
      [payment.id, other.token],
      [payment.id, t.merchant.live],
      ['0193a000-0000-7000-8000-000000000001', t.merchant.token],
      ['nope', t.merchant.token],
    ] as const) {
      const res = await paybyrd(t, 'GET', `/api/v2/transactions/${id}`, { key });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'BYRD901', description: 'Resource not found' });
    }
  });
});
