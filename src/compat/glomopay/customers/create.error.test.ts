import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Glomopay customers: refusals in flat {error, message}', () => {
  it.each([
    [{}, 'name is required'],
    [{ name: 'A', email: 'not an email' }, /^email must match format "email"/],
    [{ name: 7 }, 'name must be a string'],
    [{ name: 'A', notes: { k: { nested: 1 } } }, /^notes/],
  ])('refuses %j with 400, making no customer', async (body, message) => {
    const res = await glomopay(t, 'POST', '/api/v1/customers', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Object.keys(res.body)).toEqual(['error', 'message']);
    if (typeof message === 'string') expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect((await t.request('GET', '/v1/customers')).body.data).toEqual([]);
  });

  it("answers 400 for another prefix and 404 for an id that names nobody", async () => {
    expect(await glomopay(t, 'GET', '/api/v1/customers/cus_01m844dzg0e04b6ry7k7m1fkzz').then((r) => [r.status, r.body])).toEqual([
      400,
      { error: 'Bad Request', message: "Id must start with 'cust_'" },
    ]);
    expect(await glomopay(t, 'GET', '/api/v1/customers/cust_E602dMzgjpDC').then((r) => [r.status, r.body])).toEqual([404, { error: 'Not Found', message: 'Customer not found' }]);
  });
});
