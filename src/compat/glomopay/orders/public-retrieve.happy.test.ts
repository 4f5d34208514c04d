import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { publishableKeyFor } from '../../../services/publishable-keys.js';

let t: TestApp;
let publishable: string;
beforeAll(async () => {
  t = await startTestApp();
  publishable = (await publishableKeyFor(t.db, t.clock, t.merchant.merchantId, false)).key;
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/public/v1/order/{id}', () => {
  it('answers what a page shows of the order to the publishable key, and none of what only the secret key reads', async () => {
    const customer = await newCustomer(t);
    const body = {
      customer_id: customer.glomopayId,
      currency: 'EUR',
      amount: 4200,
      invoice_description: 'Consulting, May',
      reference_number: 'R-77',
      notes: { project: 'apollo' },
      bank_account_details: { account_number: '1234567890', bic_primary: 'HDFCINBBDEL' },
      payment_methods: ['card'],
    };
    const created = await glomopay(t, 'POST', '/api/v1/orders', { body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await glomopay(t, 'GET', `/api/public/v1/order/${created.body.id}`, { key: publishable });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      id: created.body.id,
      status: 'active',
      currency: 'EUR',
      amount: 4200,
      invoice_description: 'Consulting, May',
      payment_methods: ['card'],
      created_at: created.body.created_at,
      updated_at: created.body.updated_at,
    });
  });

  it('follows the order: canceled through /v1, it reads expired', async () => {
    const customer = await newCustomer(t);
    const created = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 100 } });
    await t.request('POST', `/v1/orders/ord_${(created.body.id as string).slice('order_'.length)}/cancel`, { body: {} });
    expect((await glomopay(t, 'GET', `/api/public/v1/order/${created.body.id}`, { key: publishable })).body.status).toBe('expired');
  });
});
