import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const minimal = { isoAmount: 5000, currency: 'EUR', orderRef: 'ABC123456' };

function expectInvalid(res: { status: number; body: any; headers: Record<string, unknown> }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ code: 'BYRD900', description: 'Invalid input' });
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  expect(res.body.message).toContain(field);
}

describe('POST /compat/paybyrd/api/v2/orders refuses with BYRD900 naming the field', () => {
  it.each([
    ['no amount', { currency: 'EUR', orderRef: 'x' }, 'isoAmount'],
    ['a negative isoAmount', { ...minimal, isoAmount: -100 }, 'isoAmount'],
    ['a fractional isoAmount', { ...minimal, isoAmount: 10.5 }, 'isoAmount'],
    ['a fractional numeric string', { ...minimal, isoAmount: '10.5' }, 'isoAmount'],
    ['an amount beyond the maximum', { ...minimal, isoAmount: 10 ** 15 }, 'isoAmount'],
    ['a legacy amount with more decimals than the currency', { amount: '1.234', currency: 'EUR', orderRef: 'x' }, 'amount'],
    ['a notifyBy email that is none', { ...minimal, orderOptions: { notifyBy: { email: { address: 'not-an-email' } } } }, 'orderOptions.notifyBy.email.address'],
    ['a notifyBy sms without its number', { ...minimal, orderOptions: { notifyBy: { sms: { phoneCountryCode: 351 } } } }, 'orderOptions.notifyBy.sms'],
    ['a notifyBy phone too short', { ...minimal, orderOptions: { notifyBy: { sms: { phoneCountryCode: 351, phoneNumber: '12' } } } }, 'orderOptions.notifyBy.sms.phoneNumber'],
    [
      'notifyBy sms and whatsapp to two numbers',
      { ...minimal, orderOptions: { notifyBy: { sms: { phoneCountryCode: 351, phoneNumber: '912345678' }, whatsapp: { phoneCountryCode: 351, phoneNumber: '912345679' } } } },
      'orderOptions.notifyBy.whatsapp.phoneNumber',
    ],
    ['an unknown currency', { ...minimal, currency: 'ABC' }, 'currency'],
    ['no orderRef', { isoAmount: 1, currency: 'EUR' }, 'orderRef'],
    ['text as a boolean', { ...minimal, paymentOptions: { cardOptions: { isPreAuth: 'yes' } } }, 'paymentOptions.cardOptions.isPreAuth'],
    ['a malformed time span', { ...minimal, orderOptions: { expiresIn: '15m' } }, 'orderOptions.expiresIn'],
    ['an unknown method', { ...minimal, paymentOptions: { allowedPaymentMethods: ['BITCOIN'] } }, 'paymentOptions.allowedPaymentMethods.0'],
    ['an unknown cart item type', { ...minimal, shoppingCart: [{ type: 'Gift' }] }, 'shoppingCart.0.type'],
    ['a shopper that is text', { ...minimal, shopper: 'Ana' }, 'shopper'],
    ['a phone country code out of range', { ...minimal, shopper: { phoneCountryCode: 123456 } }, 'shopper.phoneCountryCode'],
    ['a redirectUrl that is no URL', { ...minimal, orderOptions: { redirectUrl: 'not a url' } }, 'orderOptions.redirectUrl'],
  ])('%s', async (_name, body, field) => {
    expectInvalid(await paybyrd(t, 'POST', '/api/v2/orders', { body }), field);
  });

  it('writes nothing when it refuses', async () => {
    const before = await t.request('GET', '/v1/orders?limit=100');
    await paybyrd(t, 'POST', '/api/v2/orders', { body: { ...minimal, currency: 'ABC' } });
    await paybyrd(t, 'POST', '/api/v2/orders', { body: { ...minimal, isoAmount: -1 } });
    const after = await t.request('GET', '/v1/orders?limit=100');
    expect(after.body.data).toHaveLength(before.body.data.length);
  });

  it('answers malformed JSON, a body that is no object and text/plain in its own shape', async () => {
    const broken = await paybyrd(t, 'POST', '/api/v2/orders', { body: '{"isoAmount": 5', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'BYRD900', description: 'Invalid input' });
    const list = await paybyrd(t, 'POST', '/api/v2/orders', { body: '[1]', headers: { 'content-type': 'application/json' } });
    expect(list.status).toBe(400);
    expect(list.body.code).toBe('BYRD900');
    const text = await paybyrd(t, 'POST', '/api/v2/orders', { body: 'isoAmount=5', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('BYRD900');
    expect(String(text.headers['content-type'])).not.toMatch(/problem/);
  });

  it('refuses text the store cannot hold, naming the field', async () => {
    expectInvalid(await paybyrd(t, 'POST', '/api/v2/orders', { body: { ...minimal, orderRef: 'a\u0000b' } }), 'orderRef');
  });

  it('answers an unknown route with BYRD901, and an Idempotency-Key reused with another body with BYRD900', async () => {
    const unknown = await paybyrd(t, 'GET', '/api/v2/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'BYRD901', description: 'Resource not found' });
    const headers = { 'idempotency-key': 'byrd-reuse' };
    await paybyrd(t, 'POST', '/api/v2/orders', { body: minimal, headers });
    const reused = await paybyrd(t, 'POST', '/api/v2/orders', { body: { ...minimal, isoAmount: 1 }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('BYRD900');
  });
});
