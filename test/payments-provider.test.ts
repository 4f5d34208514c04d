import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/domain/ids.js';
import type { InboundNotification } from '../src/rails/connector.js';
import { SIGNATURE_HEADER } from '../src/rails/sandbox.js';
import { paymentDeps, paymentConnectorContext } from '../src/services/payment-context.js';
import { lockPaymentsAtSandbox } from '../src/store/sandbox.sql.js';
import { expectProblem, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, getOrder, orderWithPayment, pay } from './payments.js';

/** The provider's side: callbacks repeated, forged or lost, answers that time out, and the reconciliation job. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Has the sandbox payer pay, and hands back the signed notification instead of delivering it. */
async function paidAtSandbox(paymentId: string, amount?: number): Promise<InboundNotification> {
  const deps = paymentDeps(t.services);
  return t.db.transaction(async (tx) => {
    const { payment, charge } = (await lockPaymentsAtSandbox(tx, [{ merchantId: t.merchant.merchantId, paymentId: decodeId('payment', paymentId)! }]))[0]!;
    return deps.rails.sandbox('pix')!.simulate(paymentConnectorContext(deps, tx, payment), payment, { type: 'pay', amount: amount ?? payment.amount }, charge);
  });
}

const deliver = (n: InboundNotification, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/hooks/pix/sandbox', headers: { ...(n.headers as Record<string, string>), ...headers }, payload: n.rawBody });

const paymentOf = async (id: string) => (await t.request('GET', `/v1/payments/${id}`)).body;

describe('provider notifications at POST /hooks/pix/sandbox', () => {
  it('counts a callback delivered twice, and twice at once, once', async () => {
    const { order, payment } = await orderWithPayment(t);
    const notification = await paidAtSandbox(payment.id);
    const first = await deliver(notification);
    expect([first.statusCode, first.json()]).toEqual([200, { received: true }]);
    const again = await Promise.all([deliver(notification), deliver(notification), deliver(notification)]);
    expect(again.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700 });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.succeeded']);
    expect((await t.request('GET', `/v1/balance_transactions?payment=${payment.id}`)).body.data).toHaveLength(1);
  });

  it('never pays on a bad signature: it only makes the reconciliation job ask the sandbox, which knows the truth', async () => {
    const { order, payment } = await orderWithPayment(t);
    const notification = await paidAtSandbox(payment.id);
    const forged = await deliver(notification, { [SIGNATURE_HEADER]: `t=${Math.floor(t.clock.now().getTime() / 1000)},v1=${'0'.repeat(64)}` });
    expect(forged.statusCode).toBe(200);
    expect((await paymentOf(payment.id)).status).toBe('pending');
    await runExpiry(t);
    expect(await paymentOf(payment.id)).toMatchObject({ status: 'succeeded', amount_received: 29700 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid' });
    const events = (await t.request('GET', `/v1/events?object=${payment.id}&type=payment.succeeded`)).body.data;
    expect(events[0].actor).toEqual({ type: 'job', id: 'reconciliation' });
    // The genuine callback, arriving after the query saw the same money, changes nothing.
    await deliver(notification);
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.succeeded']);
  });

  it('refuses a replayed signature outside the tolerance, and a body with the amount changed, as unverified', async () => {
    const { payment } = await orderWithPayment(t);
    const notification = await paidAtSandbox(payment.id);
    const tampered = { ...notification, rawBody: Buffer.from(notification.rawBody.toString().replace('"amount":29700', '"amount":2970000')) };
    await deliver(tampered);
    expect((await paymentOf(payment.id)).status).toBe('pending');
    t.clock.advance(301_000);
    await deliver(notification);
    expect((await paymentOf(payment.id)).status).toBe('pending');
    await runExpiry(t);
    expect(await paymentOf(payment.id)).toMatchObject({ status: 'succeeded', amount_received: 29700 });
  });

  it('forged callbacks for unknown merchants or references, and bodies that are no notification, move nothing', async () => {
    const body = (merchant: string) =>
      JSON.stringify({ id: 'x', type: 'charge.paid', merchant, created: 1, data: { method: 'pix', reference: 'nope', amount: 1, fee: 0, transfer_id: 'E1', paid_at: '2026-11-23T12:00:00Z', payer: null } });
    for (const merchant of ['mer_00000000000000000000000000', `mer_${'z'.repeat(26)}`]) {
      const res = await t.app.inject({ method: 'POST', url: '/hooks/pix/sandbox', headers: { 'content-type': 'application/json' }, payload: body(merchant) });
      expect(res.statusCode).toBe(merchant.includes('z') ? 400 : 200);
    }
    for (const payload of ['not json', '{}', '[]', 'null']) {
      const res = await t.app.inject({ method: 'POST', url: '/hooks/pix/sandbox', headers: { 'content-type': 'text/plain' }, payload });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code).toBe('bad_request');
    }
    expectProblem(await t.request('POST', '/hooks/pix/nobody', { token: null, body: {} }), 404, 'route_not_found');
    expectProblem(await t.request('POST', '/hooks/sepa_debit/sandbox', { token: null, body: {} }), 404, 'route_not_found');
  });
});

describe('outcomes the sandbox picks by the amount', () => {
  it('…13: the create times out, the payment and its order are processing, and the reconciliation job settles it', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 29713 });
    expect(payment).toMatchObject({ status: 'processing', instructions: null, provider_reference: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'processing' });
    await runExpiry(t);
    expect((await paymentOf(payment.id)).status).toBe('processing'); // not yet due
    t.clock.advance(5_000);
    await runExpiry(t);
    const pending = await paymentOf(payment.id);
    expect(pending).toMatchObject({ status: 'pending', instructions: { type: 'pix', txid: payment.provider_reference } });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'open' });
    await pay(t, payment.id);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid' });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.processing', 'payment.pending', 'payment.succeeded']);
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.updated', 'order.updated', 'order.paid']);
  });

  it('…13 paid before the job asks: the processing payment succeeds straight away', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 1013 });
    await pay(t, payment.id);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid' });
  });

  it('a processing order is not expired by the sweeper while its payment is in flight', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 2013, expires_at: new Date(t.clock.now().getTime() + 2_000).toISOString() });
    t.clock.advance(3_000);
    await runExpiry(t);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'processing' });
    t.clock.advance(5_000);
    await runExpiry(t); // the query says pending, but the charge is past its expiry: the payment expires, the order reopens, then expires
    expect((await paymentOf(payment.id)).status).toBe('expired');
    await runExpiry(t);
    expect((await getOrder(t, order.id)).status).toBe('expired');
  });

  it('…05: declined, the payment is created failed; …14: unreachable, 503 and nothing created', async () => {
    const { order, payment } = await orderWithPayment(t, { amount: 1005 });
    expect(payment).toMatchObject({ status: 'failed', failure_code: 'declined' });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.failed']);
    expect((await getOrder(t, order.id)).status).toBe('open');
    const unreachable = await t.request('POST', '/v1/orders', { body: { amount: 1014, currency: 'BRL' } });
    const res = await t.request('POST', `/v1/orders/${unreachable.body.id}/payments`, { body: { method: 'pix' }, headers: { 'idempotency-key': 'unreachable' } });
    expectProblem(res, 503, 'provider_unavailable');
    expect((await getOrder(t, unreachable.body.id)).payments).toEqual([]);
  });

  it('a pending payment expires at its expiry unless the sandbox says it was paid', async () => {
    const { payment } = await orderWithPayment(t, { expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    const other = await orderWithPayment(t, { expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    await paidAtSandbox(other.payment.id); // its notification is lost
    t.clock.advance(61_000);
    await runExpiry(t);
    expect((await paymentOf(payment.id)).status).toBe('expired');
    expect(await paymentOf(other.payment.id)).toMatchObject({ status: 'succeeded', late: false });
  });
});
