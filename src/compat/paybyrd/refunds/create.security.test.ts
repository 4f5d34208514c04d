import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { expectByrd, paidTransaction } from '../../../../test/compat/paybyrd.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/refund/{transactionId}: keys, tenants, modes', () => {
  it("cannot refund another merchant's transaction nor the other mode's (404), nor without a key (401)", async () => {
    const { transactionId } = await paidTransaction(t);
    const other = await t.newMerchant();
    expectByrd(await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { key: other.token, body: { isoAmount: 100 } }), 404, 'BYRD901');
    expectByrd(await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { key: t.merchant.live, body: { isoAmount: 100 } }), 404, 'BYRD901');
    expectByrd(await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { key: null, body: { isoAmount: 100 } }), 401, 'BYRD401');
    expect((await t.request('GET', `/v1/refunds?payment=${transactionId}`)).body.data).toEqual([]);
  });
});
