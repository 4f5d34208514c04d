import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/glomopay/api/v1/customers and GET /api/v1/customers/{id}', () => {
  it('creates a cust_… customer, the one /v1 has, that an order can name and GET reads back', async () => {
    const res = await glomopay(t, 'POST', '/api/v1/customers', { body: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+447700900123', notes: { crm: 42, vip: true } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cust_[0-9a-z]{26}$/),
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+447700900123',
      notes: { crm: '42', vip: 'true' },
      created_at: '2026-11-23T12:00:00Z',
      updated_at: '2026-11-23T12:00:00Z',
    });
    const v1 = await t.request('GET', `/v1/customers/cus_${res.body.id.slice(5)}`);
    expect(v1.body).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', metadata: { crm: '42', vip: 'true' } });
    expect((await glomopay(t, 'GET', `/api/v1/customers/${res.body.id}`)).body).toEqual(res.body);
    const order = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: res.body.id, currency: 'USD', amount: 1000 } });
    expect(order.status).toBe(201);
    expect(order.body.customer_id).toBe(res.body.id);
  });

  it('reads a customer made through /v1 too', async () => {
    const v1 = await t.request('POST', '/v1/customers', { body: { name: 'Grace Hopper' } });
    const res = await glomopay(t, 'GET', `/api/v1/customers/cust_${v1.body.id.slice(4)}`);
    expect(res.body).toMatchObject({ name: 'Grace Hopper', email: null, phone: null, notes: null });
  });
});
