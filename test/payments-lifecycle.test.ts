import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, getOrder, orderWithPayment, pay } from './payments.js';

/** A payment's life through /v1 on the Pix sandbox: every way it can end, and what the order and the ledger make of it. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const HOUR = 3_600_000;
const inAnHour = () => new Date(t.clock.now().getTime() + HOUR).toISOString();

async function balanceOf(t: TestApp, token: string) {
  return (await t.request('GET', '/v1/balance', { token })).body;
}

describe('a Pix payment through /v1', () => {
  it('paid in full: the payment succeeds, the order is paid, and the balance has it less the fee, available at once', async () => {
    const m = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, {}, { token: m.token });
    const paid = await pay(t, payment.id, undefined, m.token);
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 29700, fee: 294, late: false, succeeded_at: t.clock.now().toISOString() });
    expect(paid.provider_metadata).toMatchObject({ txid: payment.provider_reference, payer: { name: 'Fulano de Tal' } });
    expect(paid.provider_metadata.transfer_id).toMatch(/^E00000000\d{12}[A-Z0-9]{11}$/);
    expect(await t.request('GET', `/v1/payments/${payment.id}`, { token: m.token })).toMatchObject({ body: paid });
    expect(await getOrderAs(m.token, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700, amount_due: 0, amount_overpaid: 0 });

    const events = (await t.request('GET', '/v1/events?limit=100', { token: m.token })).body.data.reverse();
    expect(events.map((e: any) => e.type)).toEqual(['order.created', 'payment.created', 'payment.succeeded', 'order.paid']);
    expect(events[2].data.object).toEqual(paid);
    expect(events[3].data.object).toEqual(await getOrderAs(m.token, order.id));
    expect(events[2].actor).toEqual({ type: 'provider', id: 'pix/sandbox' });

    expect(await balanceOf(t, m.token)).toEqual({ object: 'balance', livemode: false, pending: [{ currency: 'BRL', amount: 0 }], available: [{ currency: 'BRL', amount: 29406 }] });
    const txns = await t.request('GET', '/v1/balance_transactions', { token: m.token });
    expect(txns.body.data).toEqual([
      expect.objectContaining({ object: 'balance_transaction', source: payment.id, amount: 29700, fee: 294, net: 29406, owed_to_payer: 0, status: 'available', available_on: paid.succeeded_at }),
    ]);
  });

  it('paid in parts: partially paid, then a second payment of the rest pays it', async () => {
    const { order, payment } = await orderWithPayment(t);
    await pay(t, payment.id, 10000);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_paid', amount_paid: 10000, amount_due: 19700 });
    const rest = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    expect(rest.body.amount).toBe(19700);
    await pay(t, rest.body.id);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700, amount_due: 0, payments: [payment.id, rest.body.id] });
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.partially_paid', 'order.paid']);
    const listed = await t.request('GET', `/v1/orders/${order.id}/payments`);
    expect(listed.body.data.map((p: any) => [p.id, p.status, p.amount_received])).toEqual([
      [rest.body.id, 'succeeded', 19700],
      [payment.id, 'succeeded', 10000],
    ]);
  });

  it('paid over: the order is overpaid and the excess is owed back, outside the balance', async () => {
    const m = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, {}, { token: m.token });
    await pay(t, payment.id, 30000, m.token);
    expect(await getOrderAs(m.token, order.id)).toMatchObject({ status: 'overpaid', amount_paid: 30000, amount_due: 0, amount_overpaid: 300 });
    const txn = (await t.request('GET', '/v1/balance_transactions', { token: m.token })).body.data[0];
    expect(txn).toMatchObject({ amount: 29700, fee: 297, net: 29403, owed_to_payer: 300 });
    expect((await balanceOf(t, m.token)).available).toEqual([{ currency: 'BRL', amount: 29403 }]);
  });

  it('a shortfall within the merchant\'s tolerance pays the order', async () => {
    const m = await t.newMerchant();
    await t.request('POST', '/v1/settings/payments', { token: m.token, body: { underpayment_tolerance: { amount: 100 } } });
    const { order, payment } = await orderWithPayment(t, {}, { token: m.token });
    await pay(t, payment.id, 29650, m.token);
    expect(await getOrderAs(m.token, order.id)).toMatchObject({ status: 'paid', amount_paid: 29650, amount_due: 0, amount_overpaid: 0 });
  });

  it('paid late, within the monitoring window: the expired payment and order are paid, flagged late', async () => {
    const { order, payment } = await orderWithPayment(t, { expires_at: inAnHour() });
    t.clock.advance(HOUR + 1000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('expired');
    expect((await getOrder(t, order.id)).status).toBe('expired');
    const paid = await pay(t, payment.id);
    expect(paid).toMatchObject({ status: 'succeeded', late: true });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700, amount_overpaid: 0 });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.expired', 'payment.succeeded', 'payment.late']);
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.expired', 'order.paid']);
  });

  it('paid after the window: recorded and owed back, the order stays expired, payment.late raised', async () => {
    const { order, payment } = await orderWithPayment(t, { expires_at: inAnHour() });
    t.clock.advance(HOUR + 24 * HOUR + 1000);
    await runExpiry(t);
    const paid = await pay(t, payment.id);
    expect(paid).toMatchObject({ status: 'succeeded', late: true, amount_received: 29700 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'expired', amount_paid: 29700, amount_overpaid: 29700, amount_due: 29700 });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.expired', 'payment.succeeded', 'payment.late']);
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.expired', 'order.updated']);
  });

  it('paid on a canceled order: recorded and owed back, the order stays canceled', async () => {
    const { order, payment } = await orderWithPayment(t);
    await t.request('POST', `/v1/orders/${order.id}/cancel`);
    expect(await pay(t, payment.id)).toMatchObject({ status: 'succeeded', late: true });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'canceled', amount_paid: 29700, amount_overpaid: 29700 });
  });

  it('failed: the payment fails with the provider\'s code, and the order still takes another', async () => {
    const { order, payment } = await orderWithPayment(t);
    const failed = await t.request('POST', `/v1/test_helpers/payments/${payment.id}/fail`);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed', failure_code: 'payment_failed', amount_received: 0 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'open', amount_due: 29700 });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.failed']);
    expect((await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } })).status).toBe(201);
  });

  it('failed, then paid anyway: the money is recorded, the payment succeeds flagged late and pays the order', async () => {
    const m = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, {}, { token: m.token });
    expect((await t.request('POST', `/v1/test_helpers/payments/${payment.id}/fail`, { token: m.token })).status).toBe(200);
    expect(await pay(t, payment.id, undefined, m.token)).toMatchObject({ status: 'succeeded', late: true, amount_received: 29700 });
    expect(await getOrderAs(m.token, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700, amount_due: 0 });
    const events = (await t.request('GET', `/v1/events?object=${payment.id}&limit=100`, { token: m.token })).body.data.reverse();
    expect(events.map((e: any) => e.type)).toEqual(['payment.created', 'payment.failed', 'payment.succeeded', 'payment.late']);
    expect(await balanceOf(t, m.token)).toMatchObject({ available: [{ currency: 'BRL', amount: 29406 }] });
  });

  it('canceled: the sandbox cancels its charge; money that arrives anyway is recorded, late', async () => {
    const { order, payment } = await orderWithPayment(t);
    const canceled = await t.request('POST', `/v1/payments/${payment.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled' });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'open' });
    expect(await pay(t, payment.id)).toMatchObject({ status: 'succeeded', late: true });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid' });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.canceled', 'payment.succeeded', 'payment.late']);
  });

  it('two payments of one order both paid: both count, the order is overpaid by the second', async () => {
    const { order, payment } = await orderWithPayment(t);
    const second = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    await Promise.all([pay(t, payment.id), pay(t, second.body.id)]);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'overpaid', amount_paid: 59400, amount_overpaid: 29700, amount_due: 0 });
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.paid', 'order.overpaid']);
  });
});

async function getOrderAs(token: string, id: string) {
  return (await t.request('GET', `/v1/orders/${id}`, { token })).body;
}
