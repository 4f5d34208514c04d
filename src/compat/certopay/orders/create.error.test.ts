import { beforeAll, describe, expect, it } from 'vitest';
import { certopayApp, expectNestError, newCustomer } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/orders (CertoPay): bad requests get NestJS errors and write nothing', () => {
  beforeAll(async () => {
    await newCustomer(cp);
  });

  it.each([
    [{ amount: 100 }, 'customerId is required'],
    [{ customerId: 'x' }, 'amount is required'],
    [{ customerId: 'x', amount: 0 }, 'amount must be >= 1'],
    [{ customerId: 'x', amount: -100 }, 'amount must be >= 1'],
    [{ customerId: 'x', amount: 10.5 }, 'amount must be integer'],
    [{ customerId: 'x', amount: '29700' }, 'amount must be integer'],
    [{ customerId: 12, amount: 100 }, 'customerId must be string'],
    [{ customerId: 'x', amount: 1e20 }, /^amount must be <= /],
  ])('refuses %o: 400 "%s"', async (body, message) => {
    expectNestError(await cp('POST', '/api/orders', { body }), 400, message);
  });

  it('answers 404 "Customer not found" for a customer that does not exist, in either spelling or none', async () => {
    for (const id of ['uuid-do-customer', '0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f', 'cus_0000000000000000000000000a']) {
      expectNestError(await cp('POST', '/api/orders', { body: { customerId: id, amount: 100 } }), 404, 'Customer not found');
    }
  });

  it('answers malformed JSON, a non-JSON body and an empty body with 400/415 in the NestJS shape', async () => {
    const send = (payload: string, type: string) =>
      t.app.inject({ method: 'POST', url: '/compat/certopay/api/orders', headers: { 'x-api-key': t.merchant.token, 'content-type': type }, payload });
    for (const [payload, type, status] of [
      ['{"customerId": ', 'application/json', 400],
      ['customerId=x&amount=1', 'application/x-www-form-urlencoded', 415],
      ['', 'application/json', 400],
    ] as const) {
      const res = await send(payload, type);
      expectNestError({ status: res.statusCode, headers: res.headers as Record<string, string>, body: res.json() }, status);
    }
  });

  it('wrote no order for any of them', async () => {
    expect((await cp('GET', '/api/orders')).body).toEqual([]);
  });
});
