import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { inProcessCli } from '../../../../test/cli-in-process.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('PATCH /api/v1/orders/{id}/update-rfi: keys, tenants and modes', () => {
  it("needs a key; another merchant's or mode's order is 404, and their documents cannot answer mine", async () => {
    const customer = await newCustomer(t);
    const order = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1000 } })).body;
    const held = await inProcessCli(t)('review', 'hold', '--merchant', encodeId('merchant', t.merchant.merchantId), `ord_${order.id.slice(6)}`, '--documents', 'passport');
    expect(held.code, held.stderr).toBe(0);
    const rfi = (await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.rfi_documents[0].rfi_doc_id;
    const mine = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: customer.glomopayId, document_type: 'passport' } })).body.id;
    const body = { documents: [{ id: mine, rfi_doc_id: rfi }] };
    const path = `/api/v1/orders/${order.id}/update-rfi`;
    expect((await glomopay(t, 'PATCH', path, { key: null, body })).status).toBe(401);
    const other = await t.newMerchant();
    expect((await glomopay(t, 'PATCH', path, { key: other.token, body })).body).toEqual({ error: 'Not Found', message: 'Order not found' });
    expect((await glomopay(t, 'PATCH', path, { key: t.merchant.live, body })).body).toEqual({ error: 'Not Found', message: 'Order not found' });
    const theirCustomer = await newCustomer(t, other.token);
    const theirs = (await glomopay(t, 'POST', '/api/v1/documents', { key: other.token, body: { customer_id: theirCustomer.glomopayId, document_type: 'passport' } })).body.id;
    expect((await glomopay(t, 'PATCH', path, { body: { documents: [{ id: theirs, rfi_doc_id: rfi }] } })).body).toEqual({ error: 'Not Found', message: 'Document not found' });
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.status).toBe('action_required');
    expect((await glomopay(t, 'PATCH', path, { body })).body.status).toBe('under_review');
  });
});
