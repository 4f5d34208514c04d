import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Glomopay documents: keys, tenants and modes', () => {
  it("needs a key; another merchant's or mode's document is 404 to GET, to the list and to an order's document_id", async () => {
    expect((await glomopay(t, 'POST', '/api/v1/documents', { key: null, body: { customer_id: 'cust_x', document_type: 'passport' } })).status).toBe(401);
    const mine = await newCustomer(t);
    const document = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: mine.glomopayId, document_type: 'passport' } })).body;
    const other = await t.newMerchant();
    const theirs = await newCustomer(t, other.token);
    expect((await glomopay(t, 'GET', `/api/v1/documents/${document.id}`, { key: other.token })).body).toEqual({ error: 'Not Found', message: 'Document not found' });
    expect((await glomopay(t, 'GET', `/api/v1/documents/${document.id}`, { key: t.merchant.live })).status).toBe(404);
    expect((await glomopay(t, 'GET', '/api/v1/documents', { key: other.token })).body.data).toEqual([]);
    expect((await glomopay(t, 'GET', '/api/v1/documents', { key: t.merchant.live })).body.data).toEqual([]);
    const theirOrder = await glomopay(t, 'POST', '/api/v1/orders', { key: other.token, body: { customer_id: theirs.glomopayId, document_id: document.id, currency: 'USD', amount: 100 } });
    expect([theirOrder.status, theirOrder.body]).toEqual([404, { error: 'Not Found', message: 'Document not found' }]);
    // Nor can they file a document under my customer.
    const filed = await glomopay(t, 'POST', '/api/v1/documents', { key: other.token, body: { customer_id: mine.glomopayId, document_type: 'passport' } });
    expect([filed.status, filed.body]).toEqual([404, { error: 'Not Found', message: 'Customer not found' }]);
  });
});
