import { describe, it } from 'vitest';
import { certopayApp, certopayClient, expectNestError, newOrder, paymentBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/transactions/{id} (CertoPay): isolation', () => {
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
