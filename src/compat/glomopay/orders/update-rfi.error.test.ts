import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { glomopay, newCustomer } from '../../../../test/compat/faces.js';
import { inProcessCli } from '../../../../test/cli-in-process.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
let cli: ReturnType<typeof inProcessCli>;
let customer: { id: string; glomopayId: string };
beforeAll(async () => {
  t = await startTestApp();
  cli = inProcessCli(t);
  customer = await newCustomer(t);
});
afterAll(() => t.close());

const v1Id = (glomopayOrderId: string) => `ord_${glomopayOrderId.slice('order_'.length)}`;
const merchant = () => encodeId('merchant', t.merchant.merchantId);

/** A new order held asking for a passport, its one rfi id, and a document of its customer's. */
async function heldOrder() {
  const order = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1000 } })).body;
  expect((await cli('review', 'hold', '--merchant', merchant(), v1Id(order.id), '--documents', 'passport')).code).toBe(0);
  const rfi = (await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.rfi_documents[0].rfi_doc_id as string;
  const document = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: customer.glomopayId, document_type: 'passport' } })).body.id as string;
  return { order, rfi, document };
}

const updateRfi = (orderId: string, documents: unknown) => glomopay(t, 'PATCH', `/api/v1/orders/${orderId}/update-rfi`, { body: { documents } });

describe('PATCH /api/v1/orders/{id}/update-rfi: refusals in flat {error, message}, changing nothing', () => {
  it('refuses what names nothing, or the wrong thing, and the order still asks', async () => {
    const { order, rfi, document } = await heldOrder();
    const other = await newCustomer(t);
    const othersDocument = (await glomopay(t, 'POST', '/api/v1/documents', { body: { customer_id: other.glomopayId, document_type: 'passport' } })).body.id;
    const cases: Array<[unknown, number, string]> = [
      [[], 400, 'documents must NOT have fewer than 1 items'],
      [[{ id: document }], 400, 'documents/0/rfi_doc_id is required'],
      [[{ id: document, rfi_doc_id: 'rfi_x' }], 400, "Id must start with 'rfidoc_'"],
      [[{ id: 'cust_x', rfi_doc_id: rfi }], 400, "Id must start with 'doc_'"],
      [[{ id: document, rfi_doc_id: 'rfidoc_01m844dzg0e04b6ry7k7m1fkzz' }], 404, 'RFI document not found'],
      [[{ id: 'doc_01m844dzg0e04b6ry7k7m1fkzz', rfi_doc_id: rfi }], 404, 'Document not found'],
      [[{ id: othersDocument, rfi_doc_id: rfi }], 400, 'Document does not belong to the customer'],
      [[{ id: document, rfi_doc_id: rfi }, { id: document, rfi_doc_id: rfi }], 400, 'RFI document already submitted'],
    ];
    for (const [documents, status, message] of cases) {
      const res = await updateRfi(order.id, documents);
      expect([res.status, res.body], JSON.stringify(documents)).toEqual([status, { error: status === 400 ? 'Bad Request' : 'Not Found', message }]);
    }
    const still = (await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body;
    expect([still.status, still.rfi_documents.map((r: { rfi_doc_id: string }) => r.rfi_doc_id)]).toEqual(['action_required', [rfi]]);
  });

  it("refuses an order that asks for nothing, another order's rfi id, and a second answer", async () => {
    const open = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1000 } })).body;
    const { order, rfi, document } = await heldOrder();
    expect(await updateRfi(open.id, [{ id: document, rfi_doc_id: rfi }]).then((r) => [r.status, r.body])).toEqual([400, { error: 'Bad Request', message: 'Order is not awaiting RFI documents' }]);
    const second = await heldOrder();
    expect((await updateRfi(order.id, [{ id: document, rfi_doc_id: second.rfi }])).body).toEqual({ error: 'Not Found', message: 'RFI document not found' });
    expect((await updateRfi(order.id, [{ id: document, rfi_doc_id: rfi }])).status).toBe(200);
    expect((await updateRfi(order.id, [{ id: document, rfi_doc_id: rfi }])).body).toEqual({ error: 'Bad Request', message: 'Order is not awaiting RFI documents' });
    expect((await updateRfi('order_01m844dzg0e04b6ry7k7m1fkzz', [{ id: document, rfi_doc_id: rfi }])).body).toEqual({ error: 'Not Found', message: 'Order not found' });
    expect((await updateRfi('ord_x', [{ id: document, rfi_doc_id: rfi }])).body).toEqual({ error: 'Bad Request', message: "Id must start with 'order_'" });
  });
});

describe('payorders review: what the operator may not do', () => {
  it('holds only an open order, approves only when every document is in, decides only an order under review', async () => {
    const { order } = await heldOrder();
    const again = await cli('review', 'hold', '--merchant', merchant(), v1Id(order.id), '--documents', 'passport');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/Only an open order can be held for review; this one is under_review/);
    const early = await cli('review', 'approve', '--merchant', merchant(), v1Id(order.id));
    expect(early.code).not.toBe(0);
    expect(early.stderr).toMatch(/Documents are still asked for \(passport\)/);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${order.id}`)).body.status).toBe('action_required');
    const open = (await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1 } })).body;
    expect((await cli('review', 'reject', '--merchant', merchant(), v1Id(open.id))).stderr).toMatch(/not under review; it is open/);
    const badType = await cli('review', 'hold', '--merchant', merchant(), v1Id(open.id), '--documents', 'pass;port');
    expect([badType.code, badType.stderr]).toEqual([2, expect.stringMatching(/"pass;port" is not a document type/)]);
    const other = await t.newMerchant();
    const theirs = await cli('review', 'hold', '--merchant', encodeId('merchant', other.merchantId), v1Id(open.id));
    expect(theirs.stderr).toMatch(/No such order/);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${open.id}`)).body.status).toBe('active');
  });
});
