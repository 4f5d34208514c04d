import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { tokenize } from '../../../../test/payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A card as a Paybyrd integration sends it (Quivi's client: the decimal amount, no isoAmount, no orderId). */
const cardPayment = (number: string, overrides: Record<string, unknown> = {}) => ({
  type: 'Card',
  amount: '12.5',
  currency: 'EUR',
  orderRef: 'TABLE-7',
  redirectUrl: 'https://shop.example.com/paid?table=7',
  card: { number, expiration: '12/30', cvv: '123', holder: 'ADA LOVELACE' },
  ...overrides,
});

describe('POST /compat/paybyrd/api/v2/payment', () => {
  it('charges a card on a new order: BYRD200, transactionId at the root, the card masked; the order is paid in every face', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body: cardPayment('4242424242424242') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      type: 'Card',
      orderRef: 'TABLE-7',
      amount: '12.50',
      isoAmount: 1250,
      currency: 'EUR',
      isPreAuth: false,
      status: 'Success',
      brand: 'VISA',
      card: { number: '************4242', expiration: '12/30', holder: 'ADA LOVELACE' },
      code: 'BYRD200',
      description: 'Operation successfully completed',
    });
    expect(res.body.transactionId).toMatch(UUID);
    expect(res.body.fingerprint).toEqual(expect.any(String));
    expect(res.body.action).toBeUndefined();
    const order = await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`);
    expect(order.body).toMatchObject({ status: 'paid', isoAmount: 1250, orderRef: 'TABLE-7', lastTransactionId: res.body.transactionId });
    expect(order.body.transactions).toEqual([expect.objectContaining({ transactionId: res.body.transactionId, status: 'Success', paymentMethod: 'CARD' })]);
    expect((await paybyrd(t, 'GET', `/api/v2/transactions/${res.body.transactionId}`)).body).toMatchObject({ status: 'Success', code: 'BYRD200', orderId: res.body.orderId });
    const v1 = await t.request('GET', `/v1/orders/${v1OrderId(res.body.orderId)}`);
    expect(v1.body).toMatchObject({ status: 'paid', amount: 1250, currency: 'EUR', reference: 'TABLE-7', payment_methods: ['card'], redirect_url: 'https://shop.example.com/paid?table=7' });
  });

  it('pays an order made through the face with a card token, held (isPreAuth) until POST /api/v2/capture takes it', async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 2000, currency: 'EUR', orderRef: 'PRE-1' } });
    const token = await tokenize(t, '5555555555554444');
    const body = { type: 'Card', orderId: created.body.orderId, isoAmount: 2000, currency: 'EUR', isPreAuth: true, card: { tokenId: token.id } };
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ orderId: created.body.orderId, orderRef: 'PRE-1', isoAmount: 2000, isPreAuth: true, brand: 'MASTERCARD', code: 'BYRD200', card: { holder: null } });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${created.body.orderId}`)).body.status).toBe('pending');
    const captured = await paybyrd(t, 'POST', `/api/v2/capture/${res.body.transactionId}`, { body: {} });
    expect(captured.body).toMatchObject({ isoAmount: 2000, code: 'BYRD200' });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${created.body.orderId}`)).body.status).toBe('paid');
  });

  it('answers BYRD207 with action.url when the card needs 3-D Secure; the order waits for the payer', async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body: cardPayment('4000000000003220') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'Processing', code: 'BYRD207', description: 'Pending redirect', action: { type: 'redirect' } });
    expect(URL.canParse(res.body.action.url)).toBe(true);
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`)).body.status).toBe('pending');
  });

  it("answers a declined card with BYRD205, the acquirer's reason and a Denied transaction; the order still takes a payment", async () => {
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body: cardPayment('4000000000009995') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'Denied', code: 'BYRD205', description: 'Operation rejected', acquirerResponseCode: 'insufficient_funds' });
    const order = await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`);
    expect(order.body.status).toBe('created');
    expect(order.body.transactions.map((tx: { status: string }) => tx.status)).toEqual(['Denied']);
    const retry = await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'card', orderId: res.body.orderId, card: { number: '4242 4242 4242 4242', expiration: '12/2030', cvv: '321' } } });
    expect(retry.body).toMatchObject({ code: 'BYRD200', orderId: res.body.orderId });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${res.body.orderId}`)).body.status).toBe('paid');
  });

  it('binds the body as .NET does: names in any case, numbers as strings, orderRef as a number, nulls, unknown properties', async () => {
    const body = {
      Type: 'CARD',
      IsoAmount: '990',
      Currency: 'eur',
      OrderRef: 4101207154,
      RedirectUrl: null,
      IsPreAuth: null,
      Card: { Number: '4242424242424242', Expiration: '01/31', CVV: '123', Holder: null },
      paymentOptions: { useSimulated: true },
    };
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ isoAmount: 990, currency: 'EUR', orderRef: '4101207154', isPreAuth: false, card: { expiration: '01/31', holder: null }, code: 'BYRD200' });
  });

  it('honours an Idempotency-Key: a retry answers the first response and charges nothing more', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await paybyrd(t, 'POST', '/api/v2/payment', { body: cardPayment('4242424242424242', { orderRef: 'IDEM-1' }), headers });
    const again = await paybyrd(t, 'POST', '/api/v2/payment', { body: cardPayment('4242424242424242', { orderRef: 'IDEM-1' }), headers });
    expect(again.body).toEqual(first.body);
    const order = await paybyrd(t, 'GET', `/api/v2/orders/${first.body.orderId}`);
    expect(order.body.transactions).toHaveLength(1);
  });
});
