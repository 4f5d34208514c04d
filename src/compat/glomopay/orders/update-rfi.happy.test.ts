import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { encodeId } from '../../../domain/ids.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { inProcessCli } from '../../../../test/cli-in-process.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';
import { startReceiver, type Receiver } from '../../../../test/webhooks.js';

/**
 * The RFI flow end to end: the operator holds an order asking for documents (`payorders review hold`), the
 * merchant answers through PATCH /orders/{id}/update-rfi, the operator decides; each step reaches the
 * merchant's Glomopay webhook, signed, and /v1 sees the one order.
 */
let t: TestApp;
let receiver: Receiver;
let cli: ReturnType<typeof inProcessCli>;
let secret: string;
let customer: { id: string; glomopayId: string };
const merchant = () => encodeId('merchant', t.merchant.merchantId);
beforeAll(async () => {
  t = await startTestApp({ webhooks: { ...loadConfig({}).webhooks, allowHttp: 'all', allowPrivate: 'all' } });
  receiver = await startReceiver();
  cli = inProcessCli(t);
  secret = (await glomopay(t, 'PUT', '/api/v1/webhook_settings', { body: { url: receiver.url } })).body.secret;
  customer = await newCustomer(t);
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const newDocument = async (type: string) => (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: customer.glomopayId, document_type: type } })).body.id as string;
const v1Id = (glomopayOrderId: string) => `ord_${glomopayOrderId.slice('order_'.length)}`;

/** The webhooks delivered since the last call, each checked with an HMAC of its raw body made here. */
async function delivered(): Promise<Array<{ event_type: string; data: any }>> {
  await runExpiry(t);
  const bodies = receiver.requests.splice(0).map((r) => {
    expect(r.headers['x-glomopay-signature']).toBe(createHmac('sha256', secret).update(r.body).digest('hex'));
    return JSON.parse(r.body);
  });
  return bodies.map(({ event_type, data }) => ({ event_type, data }));
}

describe('Glomopay RFI: action_required with rfi_documents, PATCH /api/v1/orders/{id}/update-rfi, under_review, the decision', () => {
  it('asks, takes the documents one call at a time, reviews and approves: the order is active again', async () => {
    const order = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1000 } })).body;
    await delivered();
    const held = await cli('review', 'hold', '--merchant', merchant(), v1Id(order.id), '--documents', 'passport,proof_of_address');
    expect(held.code, held.stderr).toBe(0);
    expect(held.json).toMatchObject({ status: 'under_review', document_requests: [{ document_type: 'passport', document: null }, { document_type: 'proof_of_address', document: null }] });

    const asked = (await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body;
    expect(asked.status).toBe('action_required');
    expect(asked.rfi_documents).toEqual([
      { rfi_doc_id: expect.stringMatching(/^rfidoc_[0-9a-z]{26}$/), name: 'passport', rfi_document_id: expect.any(String), required_document_type: 'passport' },
      { rfi_doc_id: expect.stringMatching(/^rfidoc_/), name: 'proof_of_address', rfi_document_id: expect.any(String), required_document_type: 'proof_of_address' },
    ]);
    for (const entry of asked.rfi_documents) expect(entry.rfi_document_id).toBe(entry.rfi_doc_id);
    expect((await glomopay(t, 'GET', '/api/v1/orders?status=under_review')).body.data.map((o: { status: string }) => o.status)).toEqual(['action_required']);
    expect((await t.request('GET', `/v1/orders/${v1Id(order.id)}`)).body.status).toBe('under_review');
    const [askedHook] = await delivered();
    expect(askedHook).toEqual({ event_type: 'action_required', data: { ...asked, document_id: null, updated_at: askedHook!.data.updated_at } });
    // Held, the order takes no payment.
    const payment = await t.request('POST', `/v1/orders/${v1Id(order.id)}/payments`, { body: { method: 'card' } });
    expect([payment.status, payment.body.code]).toEqual([409, 'order_not_payable']);

    const [passport, address] = asked.rfi_documents;
    const first = await glomopay(t, 'PATCH', `/api/v1/orders/${order.id}/update-rfi`, { body: { documents: [{ id: await newDocument('passport'), rfi_doc_id: passport.rfi_doc_id }] } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ id: order.id, status: 'action_required', rfi_documents: [address] });
    expect(await delivered()).toEqual([]);

    // The guide's spelling of the field is taken too.
    const second = await glomopay(t, 'PATCH', `/api/v1/orders/${order.id}/update-rfi`, { body: { documents: [{ id: await newDocument('utility_bill'), rfi_document_id: address.rfi_document_id }] } });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.status).toBe('under_review');
    expect(second.body).not.toHaveProperty('rfi_documents');
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body).toEqual(second.body);
    expect((await delivered()).map((h) => [h.event_type, h.data.status])).toEqual([['under_review', 'under_review']]);

    const approved = await cli('review', 'approve', '--merchant', merchant(), v1Id(order.id));
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.json.status).toBe('open');
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.status).toBe('active');
    expect((await delivered()).map((h) => [h.event_type, h.data.status])).toEqual([['active', 'active']]);
    const events = (await t.request('GET', `/v1/events?object=${v1Id(order.id)}`)).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['order.review_approved', 'order.documents_received', 'order.documents_answered', 'order.documents_requested', 'order.created']);
    expect(events[0].actor).toEqual({ type: 'job', id: 'compliance_review' });
    expect(events[1].actor.type).toBe('api_key');
    expect(events[0].data.object.document_requests.map((r: { document: string | null }) => r.document)).toEqual([expect.stringMatching(/^doc_/), expect.stringMatching(/^doc_/)]);
  });

  it('a rejection fails the order, and the webhook says failed', async () => {
    const order = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'EUR', amount: 500 } })).body;
    expect((await cli('review', 'hold', '--merchant', merchant(), v1Id(order.id), '--documents', 'passport')).code).toBe(0);
    const rejected = await cli('review', 'reject', '--merchant', merchant(), v1Id(order.id));
    expect(rejected.code, rejected.stderr).toBe(0);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.status).toBe('failed');
    expect((await delivered()).filter((h) => h.data.id === order.id).map((h) => h.event_type)).toEqual(['action_required', 'failed']);
  });

  it('a hold that asks for nothing is under_review at once', async () => {
    const order = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'GBP', amount: 300 } })).body;
    expect((await cli('review', 'hold', '--merchant', merchant(), v1Id(order.id))).code).toBe(0);
    const read = (await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body;
    expect(read.status).toBe('under_review');
    expect((await delivered()).filter((h) => h.data.id === order.id).map((h) => h.event_type)).toEqual(['under_review']);
  });
});
