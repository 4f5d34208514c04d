import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';

let t: TestApp;
let customerId: string;
beforeAll(async () => {
  t = await startTestApp();
  customerId = (await newCustomer(t)).glomopayId;
});
afterAll(() => t.close());

const base = () => ({ customer_id: customerId, currency: 'USD', amount: 1000 });

describe('POST /compat/glomopay/api/v1/orders refuses as Glomopay does', () => {
  it.each([
    ['an unsupported currency', { currency: 'BRL' }, 'Currency not supported'],
    ['a lower-case currency', { currency: 'usd' }, 'Currency not supported'],
    ['an amount as a string', { amount: '1000' }, 'amount must be an integer'],
    ['a fractional amount', { amount: 10.5 }, 'amount must be an integer'],
    ['a zero amount', { amount: 0 }, 'amount must be >= 1'],
    ['an invoice_amount as a string', { invoice_amount: '5' }, 'invoice_amount must be an integer'],
    ['a customer id with the wrong prefix', { customer_id: 'cus_01m844dzg0e03a5kz8a0dphx9w' }, "Id must start with 'cust_'"],
    ['a product without its name', { product: { description: 'x' } }, 'product.name is required'],
    ['bank_account_details without a BIC', { bank_account_details: { account_number: '1' } }, 'Either bic_primary or bic_secondary must be provided'],
    ['bank_account_details with bank_account_id', { bank_account_id: 'ba_1', bank_account_details: { account_number: '1', bic_primary: 'HDFCINBBDEL' } }, 'Provide either bank_account_id or bank_account_details, not both'],
    ['a note named like a field', { notes: { amount: '5' } }, "notes key 'amount' is a reserved field name"],
    ['a note holding an object', { notes: { a: { b: 1 } } }, 'notes.a'],
    ['an unknown payment method', { payment_methods: ['pix'] }, 'payment_methods.0 must be one of: bank_transfer, pay_via_bank, card'],
  ])('%s', async (_name, change, message) => {
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: { ...base(), ...change } });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.message).toContain(message);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message']);
  });

  it('a missing field', async () => {
    for (const field of ['customer_id', 'currency', 'amount']) {
      const body: Record<string, unknown> = base();
      delete body[field];
      const res = await glomopay(t, 'POST', '/api/v1/orders', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Bad Request', message: `${field} is required` });
    }
  });

  it('an unknown customer, the seed example one included, with 404 Customer not found', async () => {
    for (const id of ['cust_E602dMzgjpDC', 'cust_01m844dzg0e03a5kz8a0dphx9w']) {
      const res = await glomopay(t, 'POST', '/api/v1/orders', { body: { ...base(), customer_id: id } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Not Found', message: 'Customer not found' });
    }
  });

  it('writes nothing when it refuses', async () => {
    const before = (await glomopay(t, 'GET', '/api/v1/orders')).body.page_meta.count;
    await glomopay(t, 'POST', '/api/v1/orders', { body: { ...base(), currency: 'BRL', request_id: 'never' } });
    expect((await glomopay(t, 'GET', '/api/v1/orders')).body.page_meta.count).toBe(before);
    expect((await glomopay(t, 'POST', '/api/v1/orders', { body: { ...base(), request_id: 'never' } })).status).toBe(201);
  });

  it('answers malformed JSON and unknown routes in its shape', async () => {
    const broken = await glomopay(t, 'POST', '/api/v1/orders', { body: '{"amount":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('Bad Request');
    const unknown = await glomopay(t, 'GET', '/api/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('Not Found');
    expect(String(unknown.headers['content-type'])).not.toMatch(/problem/);
  });
});
