import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { certopayApp, ISO_8601, newOrder, paymentBody, UUID } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/transactions/{id} and GET /api/payment-gateway/transaction/{id} (CertoPay)', () => {
  it('answer the transaction as the process call did, under both paths and both id spellings', async () => {
    const order = await newOrder(cp);
    const processed = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'BOLETO') })).body;
    for (const path of [`/api/transactions/${processed.transactionId}`, `/api/payment-gateway/transaction/${processed.transactionId}`, `/api/transactions/${encodeId('payment', processed.transactionId)}`]) {
      const res = await cp('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.body).toEqual(processed);
    }
    expect(processed.transactionId).toMatch(UUID);
    expect(processed.createdAt).toMatch(ISO_8601);
    expect(processed.paidAt).toBeNull();
  });

  it('shows a payment canceled through /v1 as CANCELLED, and a declined one as REFUSED', async () => {
    const order = await newOrder(cp);
    const tx = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') })).body;
    expect((await t.request('POST', `/v1/payments/${encodeId('payment', tx.transactionId)}/cancel`)).status).toBe(200);
    expect((await cp('GET', `/api/transactions/${tx.transactionId}`)).body.status).toBe('CANCELLED');
    const declined = await newOrder(cp, 1005);
    const refused = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(declined.id, 'PIX', { amount: 1005 }) });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('REFUSED');
    expect(refused.body.pix).toBeUndefined();
  });
});
