import { describe, expect, it } from 'vitest';
import { expectNestError, icApp, icClient } from '../fixture.js';

const { t, ic } = await icApp();
const create = (body: unknown, token?: string) => ic('POST', '/api/v1/payment/order', { body, token });

describe('POST /api/v1/payment/order (IC): refusals', () => {
  it.each([
    [{ currency: 'BRL' }, 'amount is required'],
    [{ amount: '200.00' }, 'currency is required'],
    [{ amount: 200, currency: 'BRL' }, /^amount must be string/],
    [{ amount: '200.001', currency: 'BRL' }, 'amount USD has 2 decimal places'],
    [{ amount: '-5.00', currency: 'BRL' }, /^amount must be a decimal number/],
    [{ amount: '0.00', currency: 'BRL' }, 'amount must be greater than zero'],
    [{ amount: '1,50', currency: 'BRL' }, /^amount must be a decimal number/],
    [{ amount: '200.00', currency: 'EUR' }, 'currency must be one of: BRL, ARS, USDT'],
    [{ amount: '200.00', currency: 'brl' }, 'currency must be one of: BRL, ARS, USDT'],
  ])('answers 400 naming the field for %j', async (body, message) => {
    expectNestError(await create(body), 400, message);
  });

  it('answers 400 for a body that is not JSON, and writes nothing', async () => {
    const before = (await t.request('GET', '/v1/orders')).body.data.length;
    expectNestError(await ic('POST', '/api/v1/payment/order', { body: '{"amount": "1.00",', headers: { 'content-type': 'application/json' } }), 400);
    expect((await t.request('GET', '/v1/orders')).body.data).toHaveLength(before);
  });

  it('answers 422 when no rate prices the currency, and writes no order', async () => {
    const m = await t.newMerchant();
    const theirs = icClient(t, m.token);
    expectNestError(await theirs('POST', '/api/v1/payment/order', { body: { amount: '200.00', currency: 'BRL' } }), 422, /No operator rate prices USD→BRL/);
    expect((await t.request('GET', '/v1/orders', { token: m.token })).body.data).toEqual([]);
  });

  it('answers 409 for a reused Idempotency-Key with another body', async () => {
    const headers = { 'idempotency-key': 'ic-reuse' };
    expect((await ic('POST', '/api/v1/payment/order', { body: { amount: '1.00', currency: 'BRL' }, headers })).status).toBe(201);
    const res = await ic('POST', '/api/v1/payment/order', { body: { amount: '2.00', currency: 'BRL' }, headers });
    expect([409, 422]).toContain(res.status);
    expectNestError(res, res.status, /Idempotency-Key/);
  });

  it("answers an unknown route as NestJS does: 404 Cannot <METHOD> <path>", async () => {
    expectNestError(await ic('GET', '/api/v1/payment/orders'), 404, 'Cannot GET /api/v1/payment/orders');
    expectNestError(await ic('DELETE', '/api/v1/payment/order/x'), 404, 'Cannot DELETE /api/v1/payment/order/x');
  });
});
