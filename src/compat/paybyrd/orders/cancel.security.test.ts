import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/orders/{orderId}/cancel: who may cancel', () => {
  it("leaves another merchant's and the other mode's orders alone: 404, still open", async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'keep' } });
    const other = await t.newMerchant();
    for (const key of [other.token, t.merchant.live]) {
      const res = await paybyrd(t, 'POST', `/api/v2/orders/${created.body.orderId}/cancel`, { key });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('BYRD901');
    }
    const noKey = await paybyrd(t, 'POST', `/api/v2/orders/${created.body.orderId}/cancel`, { key: null });
    expect(noKey.status).toBe(401);
    expect((await t.request('GET', `/v1/orders/${v1OrderId(created.body.orderId)}`)).body.status).toBe('open');
  });
});
