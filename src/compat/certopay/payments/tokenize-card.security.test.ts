import { describe, expect, it } from 'vitest';
import { certopayApp, certopayClient, expectNestError, newCustomer, tokenizeBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/payment-gateway/tokenize-card (CertoPay): who may', () => {
  it('answers 401 without a key or with a wrong one', async () => {
    const customer = await newCustomer(cp);
    expectNestError(await cp('POST', '/api/payment-gateway/tokenize-card', { key: null, body: tokenizeBody(customer.id) }), 401, 'API key is required (X-Api-Key)');
    expectNestError(await cp('POST', '/api/payment-gateway/tokenize-card', { key: 'sk_test_nope', body: tokenizeBody(customer.id) }), 401, 'Invalid API key');
  });

  it("answers 404 for another merchant's customer, and its token pays nothing of another merchant", async () => {
    const other = await t.newMerchant();
    const theirs = certopayClient(t, other.token);
    const customer = await newCustomer(theirs);
    expectNestError(await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(customer.id) }), 404, 'Customer not found');
    const token = (await theirs('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(customer.id) })).body.cardToken;
    const mine = await newCustomer(cp);
    const order = (await cp('POST', '/api/orders', { body: { customerId: mine.id, amount: 29700 } })).body;
    const res = await cp('POST', '/api/payment-gateway/process', { body: { orderId: order.id, method: 'CARD', amount: 29700, buyerDoc: mine.document, cardToken: token } });
    expect(res.status).toBe(404);
  });
});
