import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';

let t: TestApp;
let ada: { id: string; glomopayId: string };
let bob: { id: string; glomopayId: string };
const made: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  ada = await newCustomer(t);
  bob = await newCustomer(t);
  // 25 orders a minute apart: 15 of Ada's, 10 of Bob's.
  for (let i = 0; i < 25; i++) {
    const customer = i % 5 < 3 ? ada : bob;
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 100 + i } });
    made.push(res.body.id);
    t.clock.advance(60_000);
  }
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/orders', () => {
  it('lists newest first, 20 a page by default, with page_meta', async () => {
    const first = await glomopay(t, 'GET', '/api/v1/orders');
    expect(first.status).toBe(200);
    expect(first.body.data.map((o: { id: string }) => o.id)).toEqual(made.slice(5).reverse());
    expect(first.body.page_meta).toEqual({ current: 1, previous: null, next: 2, per_page: 20, pages: 2, count: 25 });
    const second = await glomopay(t, 'GET', '/api/v1/orders?page=2');
    expect(second.body.data.map((o: { id: string }) => o.id)).toEqual(made.slice(0, 5).reverse());
    expect(second.body.page_meta).toEqual({ current: 2, previous: 1, next: null, per_page: 20, pages: 2, count: 25 });
    const beyond = await glomopay(t, 'GET', '/api/v1/orders?page=9');
    expect(beyond.body).toEqual({ data: [], page_meta: { current: 9, previous: 8, next: null, per_page: 20, pages: 2, count: 25 } });
  });

  it('clamps per_page to 100 rather than refusing it', async () => {
    const res = await glomopay(t, 'GET', '/api/v1/orders?per_page=500');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(25);
    expect(res.body.page_meta).toMatchObject({ per_page: 100, pages: 1 });
    const small = await glomopay(t, 'GET', '/api/v1/orders?per_page=7&page=4');
    expect(small.body.data.map((o: { id: string }) => o.id)).toEqual(made.slice(0, 4).reverse());
    expect(small.body.page_meta).toEqual({ current: 4, previous: 3, next: null, per_page: 7, pages: 4, count: 25 });
  });

  it('filters by customer, status and creation time', async () => {
    const adas = await glomopay(t, 'GET', `/api/v1/orders?customer_id=${ada.glomopayId}&per_page=100`);
    expect(adas.body.page_meta.count).toBe(15);
    expect(adas.body.data.every((o: { customer_id: string }) => o.customer_id === ada.glomopayId)).toBe(true);
    const nobody = await glomopay(t, 'GET', '/api/v1/orders?customer_id=cust_01m844dzg0e03a5kz8a0dphx9w');
    expect(nobody.body.page_meta.count).toBe(0);

    await t.request('POST', `/v1/orders/ord_${made[0]!.slice(6)}/cancel`, { body: {} });
    const expired = await glomopay(t, 'GET', '/api/v1/orders?status=expired');
    expect(expired.body.data.map((o: { id: string }) => o.id)).toEqual([made[0]]);
    expect((await glomopay(t, 'GET', '/api/v1/orders?status=active')).body.page_meta.count).toBe(24);

    // Orders 0..24 were made at 12:00, 12:01, … 12:24.
    const window = await glomopay(t, 'GET', '/api/v1/orders?after=2026-11-23T12:09:30Z&before=2026-11-23T12:12:30Z');
    expect(window.body.data.map((o: { id: string }) => o.id)).toEqual(made.slice(10, 13).reverse());
  });

  it('finds by request_id, or nothing', async () => {
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: bob.glomopayId, currency: 'EUR', amount: 1, request_id: 'list-req' } });
    const found = await glomopay(t, 'GET', '/api/v1/orders?request_id=list-req');
    expect(found.body).toEqual({ data: [res.body], page_meta: { current: 1, previous: null, next: null, per_page: 20, pages: 1, count: 1 } });
    const none = await glomopay(t, 'GET', '/api/v1/orders?request_id=never-sent');
    expect(none.body).toEqual({ data: [], page_meta: { current: 1, previous: null, next: null, per_page: 20, pages: 0, count: 0 } });
  });
});
