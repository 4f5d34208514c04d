import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { certopayClient, expectNestError, newOrder, paymentBody, type CertoPay } from '../fixture.js';

describe('GET /api/transactions/{id} (CertoPay): isolation', () => {
  let t: TestApp;
  let cp: CertoPay;
  beforeAll(async () => {
    t = await startTestApp();
    cp = certopayClient(t);
  });
  afterAll(() => t.close());

  it("answers 404 for another merchant's transaction, the other mode's, and its documents likewise", async () => {
    const order = await newOrder(cp);
    const { transactionId } = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') })).body;
    const other = certopayClient(t, (await t.newMerchant()).token);
    for (const path of [`/api/transactions/${transactionId}`, `/api/payment-gateway/transaction/${transactionId}`, `/api/transactions/${transactionId}/qr.png`]) {
      expectNestError(await other('GET', path), 404, /not found$/);
      expectNestError(await cp('GET', path, { key: t.merchant.live }), 404, /not found$/);
      expectNestError(await cp('GET', path, { key: null }), 401);
    }
    expectNestError(await cp('GET', `/api/transactions/${transactionId}/boleto.pdf`), 404, 'Document not found');
  });
});
