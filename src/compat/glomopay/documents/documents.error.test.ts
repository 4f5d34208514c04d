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

describe('Glomopay documents: refusals in flat {error, message}', () => {
  it.each([
    [{ document_type: 'passport' }, 400, 'customer_id is required'],
    [{ customer_id: 'cust_x' }, 400, 'document_type is required'],
    [{ customer_id: 'cus_x', document_type: 'passport' }, 400, "Id must start with 'cust_'"],
    [{ customer_id: 'cust_E602dMzgjpDC', document_type: 'passport' }, 404, 'Customer not found'],
    [{ customer_id: 'cust_01m844dzg0e04b6ry7k7m1fkzz', document_type: 'passport' }, 404, 'Customer not found'],
  ])('refuses %j, making no document', async (body, status, message) => {
    const res = await glomopay(t, 'POST', '/api/v1/documents', { body });
    expect([res.status, res.body]).toEqual([status, { error: status === 400 ? 'Bad Request' : 'Not Found', message }]);
    expect((await glomopay(t, 'GET', '/api/v1/documents')).body.page_meta.count).toBe(0);
  });

  it("answers 400 for another prefix and 404 for an id that names nothing, on GET and on an order's document_id", async () => {
    expect(await glomopay(t, 'GET', '/api/v1/documents/order_x').then((r) => [r.status, r.body])).toEqual([400, { error: 'Bad Request', message: "Id must start with 'doc_'" }]);
    expect(await glomopay(t, 'GET', '/api/v1/documents/doc_nYUqLpuYQ0M8').then((r) => [r.status, r.body])).toEqual([404, { error: 'Not Found', message: 'Document not found' }]);
    for (const documentId of ['doc_nYUqLpuYQ0M8', 'doc_01m844dzg0e04b6ry7k7m1fkzz']) {
      const order = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: ada.glomopayId, document_id: documentId, currency: 'USD', amount: 1000 } });
      expect([order.status, order.body]).toEqual([404, { error: 'Not Found', message: 'Document not found' }]);
    }
    expect((await glomopay(t, 'GET', '/api/v1/orders')).body.page_meta.count).toBe(0);
  });

  it("refuses an order naming another customer's document", async () => {
    const bob = await newCustomer(t);
    const bobs = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: bob.glomopayId, document_type: 'passport' } })).body;
    const order = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: ada.glomopayId, document_id: bobs.id, currency: 'USD', amount: 1000 } });
    expect([order.status, order.body]).toEqual([400, { error: 'Bad Request', message: 'Document does not belong to the customer' }]);
  });
});
