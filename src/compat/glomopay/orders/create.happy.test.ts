import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { documentedFields } from '../../../../test/compat/seeds.js';

const SEED = 'glomopay-create-order.md';
const requestFields = documentedFields(SEED, 'Request fields');
const responseFields = documentedFields(SEED, 'Response 201 fields');

/**
 * Every top-level request field with the seed's example; product and payment_methods, which have none, from
 * their documented parts; the customer and document ids of objects that exist.
 */
function seedBody(customerId: string, documentId: string): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(requestFields.filter((f) => !f.name.includes('.') && f.example !== undefined).map((f) => [f.name, f.example]));
  body.product = { name: 'Consulting', description: 'Ten hours' };
  body.notes = { project: 'P-7', hours: 10 };
  body.payment_methods = requestFields.find((f) => f.name === 'payment_methods')!.enum;
  body.customer_id = customerId;
  body.document_id = documentId;
  return body;
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

let t: TestApp;
let customer: { id: string; glomopayId: string };
let documentId: string;
beforeAll(async () => {
  t = await startTestApp();
  customer = await newCustomer(t);
  documentId = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: customer.glomopayId, document_type: 'invoice' } })).body.id;
});
afterAll(() => t.close());

describe('POST /compat/glomopay/api/v1/orders', () => {
  it("takes the seed's documented request (every example) and answers 201 with every documented field", async () => {
    const sent = seedBody(customer.glomopayId, documentId);
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: JSON.stringify(sent), headers: { 'content-type': 'application/json' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const field of responseFields.filter((f) => !f.name.startsWith('rfi_documents'))) {
      expect(res.body, field.name).toHaveProperty(field.name);
      const value = field.name.split('.').reduce((v: any, k) => v?.[k], res.body);
      const allowed = field.type.split(',').map((type) => (type === 'number' ? 'number' : type));
      if (field.name === 'bank_account_details.bic_secondary') expect(value).toBeNull();
      else expect(allowed, field.name).toContain(jsonType(value));
      if (field.enum && field.name !== 'payment_methods') expect(field.enum).toContain(value);
    }
    expect(res.body).not.toHaveProperty('rfi_documents');
    expect(res.body).toMatchObject({
      customer_id: customer.glomopayId,
      document_id: documentId,
      status: 'active',
      currency: 'USD',
      amount: 1000,
      purpose_code: 'P1401',
      invoice_number: 'RG12FF590',
      invoice_description: 'Payment requested for services provided',
      invoice_amount: 1000,
      reference_number: 'R0001',
      price_id: 'price_E602dMzgjpDC',
      product: { name: 'Consulting', description: 'Ten hours' },
      notes: { project: 'P-7', hours: 10 },
      bank_account_details: { account_number: '1234567890', bic_primary: 'HDFCINBBDEL', bic_secondary: null, bank_customer_id: '7189204715' },
      payment_methods: ['bank_transfer', 'pay_via_bank', 'card'],
      created_at: '2026-11-23T12:00:00Z',
      updated_at: '2026-11-23T12:00:00Z',
    });
    expect(res.body.id).toMatch(/^order_[0-9a-z]{26}$/);
    const read = await glomopay(t, 'GET', `/api/v1/orders/${res.body.id}`);
    expect(read.body).toEqual(res.body);
  });

  it('makes the one order /v1 sees, under the same id', async () => {
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: seedBody(customer.glomopayId, documentId) });
    const v1 = await t.request('GET', `/v1/orders/ord_${res.body.id.slice('order_'.length)}`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      status: 'open',
      amount: 1000,
      currency: 'USD',
      customer: customer.id,
      reference: 'R0001',
      description: 'Payment requested for services provided',
      metadata: { project: 'P-7', hours: '10' },
      payment_methods: ['bank_transfer', 'pay_via_bank', 'card'],
    });
  });

  it('takes the smallest order: customer, currency, amount', async () => {
    const res = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'GBP', amount: 1 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ currency: 'GBP', amount: 1, notes: null, product: null, bank_account_details: null, payment_methods: null, request_id: null });
  });

  it('makes one order per request_id: a repeat is 400, GET ?request_id= finds the first', async () => {
    const body = { customer_id: customer.glomopayId, currency: 'EUR', amount: 500, request_id: 'req-42' };
    const first = await glomopay(t, 'POST', '/api/v1/orders', { body });
    expect(first.status).toBe(201);
    expect(first.body.request_id).toBe('req-42');
    const repeat = await glomopay(t, 'POST', '/api/v1/orders', { body: { ...body, amount: 700 } });
    expect(repeat.status).toBe(400);
    expect(repeat.body).toEqual({ error: 'Bad Request', message: 'Order already exists for this request_id' });
    const found = await glomopay(t, 'GET', '/api/v1/orders?request_id=req-42');
    expect(found.body.data).toEqual([first.body]);
  });

  it('replays a retried Idempotency-Key as /v1 does, before request_id is looked at', async () => {
    const body = { customer_id: customer.glomopayId, currency: 'EUR', amount: 800, request_id: 'with-key' };
    const headers = { 'idempotency-key': 'glomo-retry' };
    const first = await glomopay(t, 'POST', '/api/v1/orders', { body, headers });
    const retry = await glomopay(t, 'POST', '/api/v1/orders', { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const unkeyed = await glomopay(t, 'POST', '/api/v1/orders', { body });
    expect(unkeyed.status).toBe(400);
  });

  it('makes one order when the same request_id arrives many times at once', async () => {
    const body = { customer_id: customer.glomopayId, currency: 'EUR', amount: 500, request_id: 'burst' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => glomopay(t, 'POST', '/api/v1/orders', { body })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    const found = await glomopay(t, 'GET', '/api/v1/orders?request_id=burst');
    expect(found.body.page_meta.count).toBe(1);
  });

  it('publishes its OpenAPI document, generated from its routes, with a bearer key', async () => {
    const doc = await t.request('GET', '/compat/glomopay/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual(['/api/public/v1/order/{id}', '/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/documents', '/api/v1/documents/{id}', '/api/v1/orders', '/api/v1/orders/{id}', '/api/v1/orders/{id}/update-rfi', '/api/v1/webhook_settings']);
    expect(Object.keys(doc.body.paths['/api/v1/orders']).sort()).toEqual(['get', 'post']);
    expect(doc.body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('keeps request_ids apart per mode and merchant', async () => {
    const body = { customer_id: customer.glomopayId, currency: 'EUR', amount: 500, request_id: 'shared-id' };
    expect((await glomopay(t, 'POST', '/api/v1/orders', { body })).status).toBe(201);
    const liveCustomer = await newCustomer(t, t.merchant.live);
    expect((await glomopay(t, 'POST', '/api/v1/orders', { key: t.merchant.live, body: { ...body, customer_id: liveCustomer.glomopayId } })).status).toBe(201);
  });
});
