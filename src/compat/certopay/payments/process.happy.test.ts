import { describe, expect, it } from 'vitest';
import { parseDigitableLine } from '../../../rails/boleto/barcode.js';
import { parseBrCode } from '../../../rails/pix/br-code.js';
import { encodeId } from '../../../domain/ids.js';
import { pay } from '../../../../test/payments.js';
import { CARD, certopayApp, ISO_8601, newOrder, paymentBody, tokenizeBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/payment-gateway/process (CertoPay)', () => {
  it('charges by PIX: 200 with transactionId, status, method, amount and pix {emv, qrCodeUrl, expiresAt}', async () => {
    const order = await newOrder(cp);
    const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'PENDING', method: 'PIX', amount: 29700, orderId: order.id });
    expect(typeof res.body.transactionId).toBe('string');
    expect(Object.keys(res.body.pix).sort()).toEqual(['emv', 'expiresAt', 'qrCodeUrl']);
    expect(res.body.pix.expiresAt).toMatch(ISO_8601);
    expect(parseBrCode(res.body.pix.emv).amount).toBe(29700);
    expect(res.body.boleto).toBeUndefined();
    const qr = await t.app.inject({ method: 'GET', url: new URL(res.body.pix.qrCodeUrl).pathname, headers: { 'x-api-key': t.merchant.token } });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
  });

  it('charges by BOLETO: boleto {barcode, digitableLine, pdfUrl, dueDate}, a valid slip for the amount', async () => {
    const order = await newOrder(cp);
    const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'BOLETO') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'PENDING', method: 'BOLETO', amount: 29700 });
    const { barcode, digitableLine, pdfUrl, dueDate } = res.body.boleto;
    expect(barcode).toMatch(/^\d{44}$/);
    expect(digitableLine).toMatch(/^\d{47}$/);
    expect(dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const parsed = parseDigitableLine(digitableLine, '2026-11-23');
    expect(parsed).toMatchObject({ barcode, amount: 29700, dueDate });
    const pdf = await t.app.inject({ method: 'GET', url: new URL(pdfUrl).pathname, headers: { 'x-api-key': t.merchant.token } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('makes the payment /v1 sees on the same order; paying it makes the order PAID in both', async () => {
    const order = await newOrder(cp);
    const tx = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') })).body;
    const v1 = await t.request('GET', `/v1/payments/${tx.transactionId}`);
    expect(v1.body).toMatchObject({ id: encodeId('payment', tx.transactionId), order: encodeId('order', order.id), method: 'pix', status: 'pending', amount: 29700 });
    await pay(t, v1.body.id);
    expect((await cp('GET', `/api/transactions/${tx.transactionId}`)).body).toMatchObject({ status: 'PAID', paidAt: t.clock.now().toISOString() });
    expect((await cp('GET', `/api/orders/${order.id}`)).body.status).toBe('PAID');
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('paid');
  });

  it('takes an order made through /v1, the /v1 spellings of the id, a CEP without its dash and no address for PIX', async () => {
    const v1 = await t.request('POST', '/v1/orders', { body: { amount: 1500, currency: 'BRL' } });
    const res = await cp('POST', '/api/payment-gateway/process', { body: { orderId: v1.body.id, method: 'PIX', amount: 1500, buyerDoc: '11144477735' } });
    expect(res.status).toBe(200);
    const boleto = await cp('POST', '/api/payment-gateway/process', {
      body: paymentBody(v1.body.id, 'BOLETO', { amount: 1500, buyerAddress: { postal_code: '20040020', street: 'Rua', number: '1', neighborhood: 'Centro', city: 'Rio de Janeiro', state: 'RJ' } }),
    });
    expect(boleto.status).toBe(200);
  });

  it('replays a retry with the same Idempotency-Key for 24 hours: one payment, the same answer byte for byte', async () => {
    const order = await newOrder(cp);
    const send = () => t.app.inject({
      method: 'POST',
      url: '/compat/certopay/api/payment-gateway/process',
      headers: { 'x-api-key': t.merchant.token, 'content-type': 'application/json', 'idempotency-key': '4b0f7a5e-2a6c-4c61-8a1e-9f3a2f3b9d10' },
      payload: JSON.stringify(paymentBody(order.id, 'PIX')),
    });
    const first = await send();
    t.clock.advance(23 * 3_600_000);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.payments).toHaveLength(1);
  });
});

describe('POST /api/payment-gateway/process (CertoPay): CARD', () => {
  it('charges raw card data at once: CAPTURED, the order PAID; CREDIT_CARD is the same method', async () => {
    for (const method of ['CARD', 'CREDIT_CARD']) {
      const order = await newOrder(cp);
      const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, method, { card: CARD, installments: 3 }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: 'CAPTURED', method: 'CARD', amount: 29700, orderId: order.id, card: { brand: 'visa', lastFourDigits: '4242', installments: 3, declineCode: null } });
      expect(res.body.paidAt).toMatch(ISO_8601);
      expect((await cp('GET', `/api/orders/${order.id}`)).body.status).toBe('PAID');
      expect((await cp('GET', `/api/transactions/${res.body.transactionId}`)).body).toMatchObject({ status: 'CAPTURED', method: 'CARD' });
    }
  });

  it('charges a cardToken from tokenize-card once', async () => {
    const order = await newOrder(cp);
    const token = await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(order.customerId) });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'CARD', { cardToken: token.body.cardToken }) });
    expect(res.body).toMatchObject({ status: 'CAPTURED', card: { lastFourDigits: '4242', installments: 1 } });
    const again = await newOrder(cp);
    const reused = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(again.id, 'CARD', { cardToken: token.body.cardToken }) });
    expect(reused.status).toBe(400);
  });

  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000127', 'incorrect_cvc'],
  ])('answers a declined card (%s) as REFUSED with its decline code; the order stays PENDING', async (number, declineCode) => {
    const order = await newOrder(cp);
    const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'CARD', { card: { ...CARD, number } }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'REFUSED', method: 'CARD', paidAt: null, card: { declineCode } });
    expect((await cp('GET', `/api/orders/${order.id}`)).body.status).toBe('PENDING');
  });

  it('a card that asks for 3-D Secure is PENDING with the challenge to send the buyer to', async () => {
    const order = await newOrder(cp);
    const res = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'CARD', { card: { ...CARD, number: '4000000000003220' } }) });
    expect(res.body).toMatchObject({ status: 'PENDING', card: { challengeUrl: expect.stringMatching(/^http/) } });
  });
});
