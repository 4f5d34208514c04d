import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { expectByrd } from '../../../../test/compat/paybyrd.js';
import { tokenize } from '../../../../test/payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const card = { number: '4242424242424242', expiration: '12/30', cvv: '123' };
const newOrderPayment = { type: 'Card', isoAmount: 1000, currency: 'EUR', orderRef: 'ERR-1', card };

async function faceOrder(isoAmount = 1000) {
  return (await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount, currency: 'EUR', orderRef: 'ERR-ORDER' } })).body.orderId as string;
}

describe('POST /compat/paybyrd/api/v2/payment: refusals', () => {
  it.each([
    [{ ...newOrderPayment, type: undefined }, 'type'],
    [{ ...newOrderPayment, card: undefined }, 'card'],
    [{ ...newOrderPayment, card: { ...card, cvv: undefined } }, 'card.cvv'],
    [{ ...newOrderPayment, card: { ...card, expiration: '13/30' } }, 'card.expiration'],
    [{ ...newOrderPayment, card: { ...card, expiration: '1230' } }, 'card.expiration'],
    [{ ...newOrderPayment, card: { ...card, cvv: '12' } }, 'card.cvv'],
    [{ ...newOrderPayment, card: { ...card, number: '4242424242424241' } }, 'card.number'],
    [{ ...newOrderPayment, card: { ...card, tokenId: 'tok_x' } }, 'card.tokenId'],
    [{ ...newOrderPayment, isoAmount: 10.5 }, 'isoAmount'],
    [{ ...newOrderPayment, isoAmount: undefined }, 'isoAmount'],
    [{ ...newOrderPayment, amount: '1.234', isoAmount: undefined }, 'amount'],
    [{ ...newOrderPayment, currency: 'XYZ' }, 'currency'],
    [{ ...newOrderPayment, orderRef: undefined }, 'orderRef'],
    [{ ...newOrderPayment, redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
    [{ ...newOrderPayment, isPreAuth: 'yes' }, 'isPreAuth'],
  ])('refuses %j with BYRD900 naming %s, charging nothing', async (body, field) => {
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body });
    expectByrd(res, 400, 'BYRD900');
    expect(res.body.errors[0].field).toBe(field);
    expect(res.body.message).toContain(field);
  });

  it('refuses a type Payorders has no rail for (BYRD292), and creates no order', async () => {
    const before = (await t.request('GET', '/v1/orders?limit=100')).body.data.length;
    const res = await paybyrd(t, 'POST', '/api/v2/payment', { body: { ...newOrderPayment, type: 'MbWay', phoneNumber: '351#912345678' } });
    expectByrd(res, 400, 'BYRD292');
    expect((await t.request('GET', '/v1/orders?limit=100')).body.data).toHaveLength(before);
  });

  it("refuses an amount or currency that is not the order's, an order that does not exist, and a paid one", async () => {
    const orderId = await faceOrder(1000);
    const mismatch = await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, isoAmount: 999, card } });
    expectByrd(mismatch, 400, 'BYRD900');
    expect(mismatch.body.errors[0].field).toBe('isoAmount');
    const decimal = await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, amount: '9.99', card } });
    expect(decimal.body.errors[0].field).toBe('amount');
    const currency = await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, currency: 'USD', card } });
    expect(currency.body.errors[0].field).toBe('currency');
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId: '0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f', card } }), 404, 'BYRD901');
    expect((await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, isoAmount: 1000, currency: 'EUR', card } })).body.code).toBe('BYRD200');
    expectByrd(await paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, card } }), 400, 'BYRD299');
  });

  it('refuses a card token used already, naming card.tokenId', async () => {
    const token = await tokenize(t, '4242424242424242');
    const pay = (orderId: string) => paybyrd(t, 'POST', '/api/v2/payment', { body: { type: 'Card', orderId, card: { tokenId: token.id } } });
    expect((await pay(await faceOrder())).body.code).toBe('BYRD200');
    const again = await pay(await faceOrder());
    expectByrd(again, 400, 'BYRD900');
    expect(again.body.errors[0]).toMatchObject({ field: 'card.tokenId' });
  });
});
