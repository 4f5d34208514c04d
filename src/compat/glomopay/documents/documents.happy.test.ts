import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
let ada: { id: string; glomopayId: string };
beforeAll(async () => {
  t = await startTestApp();
  ada = await newCustomer(t);
});
afterAll(() => t.close());

describe('Glomopay documents: POST, GET and list /api/v1/documents', () => {
  it("creates a doc_… document of a customer's, that GET reads back and an order names", async () => {
    const res = await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: ada.glomopayId, document_type: 'passport', name: 'passport.pdf', notes: { country: 'GBR', pages: 32 } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^doc_[0-9a-z]{26}$/),
      customer_id: ada.glomopayId,
      document_type: 'passport',
      name: 'passport.pdf',
      notes: { country: 'GBR', pages: '32' },
      created_at: '2026-11-23T12:00:00Z',
      updated_at: '2026-11-23T12:00:00Z',
    });
    expect((await glomopay(t, 'GET', `/api/v1/documents/${res.body.id}`)).body).toEqual(res.body);
    const order = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: ada.glomopayId, document_id: res.body.id, currency: 'USD', amount: 1000 } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.document_id).toBe(res.body.id);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.body.id}`)).body.document_id).toBe(res.body.id);
  });

  it("lists newest first, paged as orders are, and one customer's when asked", async () => {
    const bob = await newCustomer(t);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      const customer = i % 2 ? bob : ada;
      made.push((await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: customer.glomopayId, document_type: 'invoice' } })).body.id);
    }
    const page = await glomopay(t, 'GET', '/api/v1/documents?per_page=2&page=2');
    expect(page.body.data.map((d: { id: string }) => d.id)).toEqual([made[2], made[1]]);
    expect(page.body.page_meta).toEqual({ current: 2, previous: 1, next: 3, per_page: 2, pages: 3, count: 6 });
    const bobs = await glomopay(t, 'GET', `/api/v1/documents?customer_id=${bob.glomopayId}&per_page=500`);
    expect(bobs.body.data.map((d: { id: string }) => d.id)).toEqual([made[3], made[1]]);
    expect(bobs.body.page_meta).toMatchObject({ per_page: 100, count: 2 });
  });
});
