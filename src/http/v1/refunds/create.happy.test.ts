import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { railRegistry } from '../../../rails/registry.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';
import { eventTypes, getOrder, orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const refund = (body: Record<string, unknown>, headers: Record<string, string> = {}) => t.request('POST', '/v1/refunds', { body, headers });

async function paidPix(amount = 30000) {
  const { order, payment } = await orderWithPayment(t, { amount });
  await pay(t, payment.id);
  return { order, payment };
}

describe('POST /v1/refunds: Pix devolução on the sandbox', () => {
  it('two partial refunds then the rest: the order is partially_refunded, then refunded; each refund succeeded with its events', async () => {
    const { order, payment } = await paidPix(30000);
    const first = await refund({ payment: payment.id, amount: 10000, reason: 'requested_by_customer', metadata: { ticket: '42' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      object: 'refund',
      payment: payment.id,
      order: order.id,
      method: 'pix',
      status: 'succeeded',
      amount: 10000,
      currency: 'BRL',
      order_amount: 10000,
      reason: 'requested_by_customer',
      metadata: { ticket: '42' },
      destination: null,
    });
    expect(first.body.id).toMatch(/^re_[0-9a-z]{26}$/);
    expect(first.body.reference).toMatch(/^[0-9a-f]{32}$/);
    expect(first.body.provider_metadata.transfer_id).toMatch(/^E00000000\d{12}[A-Z0-9]{11}$/);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 10000 });

    const second = await refund({ payment: payment.id, amount: 5000 });
    expect(second.body).toMatchObject({ status: 'succeeded', amount: 5000 });
    // No amount: all that remains.
    const rest = await refund({ payment: payment.id });
    expect(rest.body).toMatchObject({ status: 'succeeded', amount: 15000 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'refunded', amount_refunded: 30000 });

    expect(await eventTypes(t, first.body.id)).toEqual(['refund.created', 'refund.succeeded']);
    const orderEvents = await eventTypes(t, order.id);
    expect(orderEvents.filter((e) => e.includes('refund'))).toEqual(['order.partially_refunded', 'order.partially_refunded', 'order.refunded']);
    const retrieved = await t.request('GET', `/v1/refunds/${first.body.id}`);
    expect(retrieved.body).toEqual(first.body);
  });

  it("each succeeded refund is a balance transaction of its own taking its amount off the merchant's available balance", async () => {
    const m = await t.newMerchant();
    const { payment } = await orderWithPayment(t, { amount: 20000 }, { token: m.token });
    await pay(t, payment.id, undefined, m.token);
    const before = (await t.request('GET', '/v1/balance', { token: m.token })).body;
    const r = await t.request('POST', '/v1/refunds', { token: m.token, body: { payment: payment.id, amount: 7000 } });
    const after = (await t.request('GET', '/v1/balance', { token: m.token })).body;
    const available = (b: { available: Array<{ currency: string; amount: number }> }) => b.available.find((x) => x.currency === 'BRL')!.amount;
    expect(available(before) - available(after)).toBe(7000);
    const listed = await t.request('GET', `/v1/balance_transactions?payment=${payment.id}`, { token: m.token });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const txns = listed.body.data;
    expect(txns.map((x: { type: string; source: string; amount: number }) => [x.type, x.source, x.amount])).toEqual([
      ['refund', r.body.id, -7000],
      ['payment', payment.id, 20000],
    ]);
  });

  it('on an overpaid order, a refund returns what was owed back first, then the merchant\'s money', async () => {
    const m = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, { amount: 30000 }, { token: m.token });
    await pay(t, payment.id, 35000, m.token);
    const available = async () => (await t.request('GET', '/v1/balance', { token: m.token })).body.available.find((x: { currency: string }) => x.currency === 'BRL').amount;
    const before = await available();
    const excess = (await t.request('POST', '/v1/refunds', { token: m.token, body: { payment: payment.id, amount: 5000 } })).body;
    expect(await available()).toBe(before);
    const more = (await t.request('POST', '/v1/refunds', { token: m.token, body: { payment: payment.id, amount: 10000 } })).body;
    expect(await available()).toBe(before - 10000);
    const txns = (await t.request('GET', `/v1/balance_transactions?payment=${payment.id}`, { token: m.token })).body.data;
    const of = (id: string) => txns.find((x: { source: string }) => x.source === id);
    expect(of(excess.id)).toMatchObject({ type: 'refund', amount: 0, net: 0, owed_to_payer: -5000 });
    expect(of(more.id)).toMatchObject({ type: 'refund', amount: -10000, net: -10000, owed_to_payer: 0 });
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: m.token })).body).toMatchObject({ status: 'partially_refunded', amount_paid: 35000, amount_overpaid: 5000, amount_refunded: 15000 });
  });

  it('money that came after the order expired is refunded from what is owed back; the order stays expired', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const { order, payment } = await orderWithPayment(t, { amount: 30000, expires_at: expiresAt });
    t.clock.advance(30 * 3_600_000);
    await runExpiry(t);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'expired' });
    await pay(t, payment.id);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'expired', amount_paid: 30000, amount_overpaid: 30000 });
    const res = await refund({ payment: payment.id });
    expect(res.body).toMatchObject({ status: 'succeeded', amount: 30000, order_amount: 30000 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'expired', amount_refunded: 30000 });
    expect((await eventTypes(t, order.id)).at(-1)).toBe('order.updated');
    const txns = (await t.request('GET', `/v1/balance_transactions?payment=${payment.id}`)).body.data;
    expect(txns[0]).toMatchObject({ type: 'refund', amount: 0, owed_to_payer: -30000 });
  });

  it('a refund whose answer is lost (amount ending in 13) is pending; the reconciliation job finds it sent', async () => {
    const { order, payment } = await paidPix(30000);
    const lost = await refund({ payment: payment.id, amount: 1013 });
    expect(lost.body).toMatchObject({ status: 'pending', order_amount: null });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    t.clock.advance(5_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/refunds/${lost.body.id}`)).body).toMatchObject({ status: 'succeeded', order_amount: 1013 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 1013 });
  });

  it('a query that cannot reach the provider leaves a lost refund pending (it may have been sent), asked again later', async () => {
    const { payment } = await paidPix(30000);
    const lost = (await refund({ payment: payment.id, amount: 2013 })).body;
    const sandbox = railRegistry(t.services.config).connector('pix', 'sandbox')!;
    const queryRefund = sandbox.queryRefund;
    sandbox.queryRefund = async () => ({ outcome: 'not_sent', message: 'the sandbox is down' });
    try {
      t.clock.advance(5_000);
      await runExpiry(t);
      expect((await t.request('GET', `/v1/refunds/${lost.id}`)).body).toMatchObject({ status: 'pending', failure_code: null });
    } finally {
      sandbox.queryRefund = queryRefund;
    }
    t.clock.advance(30_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/refunds/${lost.id}`)).body.status).toBe('succeeded');
  });

  it('a declined refund (ending in 05) fails and gives its amount back: the whole payment can still be refunded', async () => {
    const { payment } = await paidPix(30000);
    const declined = await refund({ payment: payment.id, amount: 1005 });
    expect(declined.body).toMatchObject({ status: 'failed', failure_code: 'declined' });
    expect(await eventTypes(t, declined.body.id)).toEqual(['refund.created', 'refund.failed']);
    expect((await refund({ payment: payment.id })).body).toMatchObject({ status: 'succeeded', amount: 30000 });
  });

  it('an unreachable provider (ending in 14) fails the refund with nothing sent', async () => {
    const { payment } = await paidPix(30000);
    const res = await refund({ payment: payment.id, amount: 1014 });
    expect(res.body).toMatchObject({ status: 'failed', failure_code: 'provider_unavailable' });
  });

  it('a retry with the same Idempotency-Key answers the same refund and sends nothing more', async () => {
    const { order, payment } = await paidPix(30000);
    const headers = { 'idempotency-key': `refund-${payment.id}` };
    const first = await refund({ payment: payment.id, amount: 10000 }, headers);
    const again = await refund({ payment: payment.id, amount: 10000 }, headers);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await getOrder(t, order.id)).toMatchObject({ amount_refunded: 10000 });
    const listed = await t.request('GET', `/v1/refunds?payment=${payment.id}`);
    expect(listed.body.data).toHaveLength(1);
  });

  it('two requests with the same Idempotency-Key at once make one refund, which both answer', async () => {
    const { order, payment } = await paidPix(30000);
    const headers = { 'idempotency-key': `together-${payment.id}` };
    const answers = await Promise.all([refund({ payment: payment.id, amount: 4000 }, headers), refund({ payment: payment.id, amount: 4000 }, headers)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const made = answers.map((r) => r.body.id);
    expect(made[1]).toBe(made[0]);
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`)).body.data.map((r: { id: string }) => r.id)).toEqual([made[0]]);
    expect(await getOrder(t, order.id)).toMatchObject({ amount_refunded: 4000 });
  });
});
