import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, BAD_CPF, CARD, certopayApp, expectNestError, newOrder, paymentBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/payment-gateway/process (CertoPay): validation and refusals', () => {
  let orderId: string;
  beforeAll(async () => {
    orderId = (await newOrder(cp)).id;
  });

  const without = (field: string) => {
    const body: Record<string, unknown> = paymentBody(orderId, 'PIX');
    delete body[field];
    return body;
  };

  it.each([
    ['buyerDoc', 'buyerDoc is required'],
    ['orderId', 'orderId is required'],
    ['method', 'method is required'],
    ['amount', 'amount is required'],
  ])('answers 400 when %s is missing: "%s"', async (field, message) => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: without(field) }), 400, message);
  });

  it.each([
    [{ buyerDoc: BAD_CPF }, 'buyerDoc must be a valid CPF (11 digits, no punctuation)'],
    [{ buyerDoc: '529.982.247-25' }, 'buyerDoc must be a valid CPF (11 digits, no punctuation)'],
    [{ buyerDoc: '11111111111' }, 'buyerDoc must be a valid CPF (11 digits, no punctuation)'],
    [{ buyerAddress: { ...ADDRESS, postal_code: '1310-100' } }, 'buyerAddress.postal_code must be a CEP of 8 digits'],
    [{ buyerAddress: { ...ADDRESS, postal_code: '00000-000' } }, 'buyerAddress.postal_code must be a CEP of 8 digits'],
    [{ buyerAddress: { ...ADDRESS, state: 'XX' } }, 'buyerAddress.state must be a Brazilian state (UF), e.g. SP'],
    [{ buyerAddress: { ...ADDRESS, state: 'sp' } }, 'buyerAddress.state must be a Brazilian state (UF), e.g. SP'],
    [{ buyerAddress: { ...ADDRESS, city: undefined } }, 'buyerAddress.city is required'],
    [{ method: 'BITCOIN' }, 'method must be one of: PIX, BOLETO, CARD, CREDIT_CARD'],
    [{ method: 'pix' }, 'method must be one of: PIX, BOLETO, CARD, CREDIT_CARD'],
    [{ amount: 29701 }, 'amount must be 29700, what the order still owes (centavos)'],
    [{ amount: '29700' }, 'amount must be integer'],
    [{ method: 'BOLETO', buyerAddress: undefined }, 'buyerAddress is required for BOLETO'],
  ])('answers 400 to %o: "%s"', async (overrides, message) => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody(orderId, 'PIX', overrides) }), 400, message);
  });

  it.each([
    [{}, 'cardToken or card (the raw card data) is required for CARD, not both'],
    [{ cardToken: 'tok_x', card: CARD }, 'cardToken or card (the raw card data) is required for CARD, not both'],
    [{ card: { ...CARD, number: '4242424242424241' } }, 'number fails its check digit (Luhn)'],
    [{ card: { ...CARD, cvv: '12' } }, 'cvv must be 3 digits for visa'],
    [{ card: { ...CARD, expYear: '20' } }, 'expYear with exp_month is in the past: the card has expired'],
    [{ card: { ...CARD, expMonth: '13' } }, 'expMonth must be a month, "01" to "12"'],
    [{ card: { ...CARD, brand: 'Elo' } }, 'brand is Elo but the number is a visa card'],
    [{ card: CARD, installments: 13 }, 'installments must be <= 12'],
  ])('answers a CARD payment %o with 400: "%s"', async (overrides, message) => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody(orderId, 'CARD', overrides) }), 400, message);
  });

  it('answers 400 to card fields on a PIX payment, and 404 to a card token that does not exist', async () => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody(orderId, 'PIX', { cardToken: 'tok_1' }) }), 400, 'cardToken is for CARD payments');
    const unknown = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(orderId, 'CARD', { cardToken: 'tok_00000000000000000000000000' }) });
    expectNestError(unknown, 404, 'Token not found');
  });

  it('answers 404 for an unknown order and 409 for one that cannot take a payment', async () => {
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody('uuid-do-pedido', 'PIX') }), 404, 'Order not found');
    const canceled = await newOrder(cp);
    await t.request('POST', `/v1/orders/${canceled.id}/cancel`);
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody(canceled.id, 'PIX') }), 409, 'An order that is canceled cannot take a payment');
  });

  it('refuses an Idempotency-Key sent again with another request (422)', async () => {
    const headers = { 'idempotency-key': 'cp-reused-key' };
    expect((await cp('POST', '/api/payment-gateway/process', { body: paymentBody(orderId, 'PIX'), headers })).status).toBe(200);
    const other = await newOrder(cp);
    expectNestError(await cp('POST', '/api/payment-gateway/process', { body: paymentBody(other.id, 'PIX'), headers }), 422, 'This Idempotency-Key was already used with a different request');
  });

  it('wrote no payment for any refused request', async () => {
    const payments = await t.request('GET', '/v1/payments?limit=100');
    expect(payments.body.data).toHaveLength(1);
  });
});
