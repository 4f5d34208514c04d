import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay } from '../../../../test/compat/faces.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/orders/{id} refuses', () => {
  it.each(['ord_01m844dzg0e04b6ry7k7m1fkzz', '01a20846-fe00-7003-a9bf-be20a0fc5a8b', 'cust_01m844dzg0e04b6ry7k7m1fkzz', 'x'])(
    "an id without the order_ prefix (%s) with 400 Id must start with 'order_'",
    async (id) => {
      const res = await glomopay(t, 'GET', `/api/v1/orders/${id}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Bad Request', message: "Id must start with 'order_'" });
    },
  );

  it.each(['order_678a4c88hpAjf', 'order_01m844dzg0e04b6ry7k7m1fkzz'])('an unknown order (%s) with 404 Order not found', async (id) => {
    const res = await glomopay(t, 'GET', `/api/v1/orders/${id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Not Found', message: 'Order not found' });
  });
});
