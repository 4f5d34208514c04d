import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { decodeId } from '../src/domain/ids.js';
import type { InboundNotification } from '../src/rails/connector.js';
import { receiveNotification } from '../src/services/notifications.js';
import { paymentConnectorContext, paymentDeps } from '../src/services/payment-context.js';
import type { Queryable } from '../src/store/db.js';
import { lockPaymentsAtSandbox } from '../src/store/sandbox.sql.js';
import { orderBody, startTestApp, type Caller, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';

/**
 * The ledger under random histories (fast-check): payments of one order paid in part, in full or over, late,
 * their notifications delivered twice or at the same time, and deliveries that crash part-way through their
 * transaction (as a killed process would) and are retried, and refunds of the payments, partial, whole, two at
 * once, and a card authorisation captured (in part, whole, twice at once) and refunded. After each history: postings sum to zero per currency and per balance transaction, the balance is the
 * sum of its entries, no payment is counted twice, and no payment's refunds add up to more than it received.
 * LEDGER_RUNS sets the number of histories (default 50 per store; LEDGER_RUNS=2000 for a deep run).
 */
const RUNS = Number(process.env.LEDGER_RUNS ?? 50);
const BR_ACCOUNT = { type: 'br_bank_account', bank_code: '001', branch: '1234', account: '567890', account_type: 'checking', holder_name: 'Fulano', holder_tax_id: '52998224725' };
const HOUR = 3_600_000;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
});
afterAll(() => t.close());

const step = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), payment: fc.nat(2), share: fc.constantFrom(30, 100, 100, 120) }),
  fc.record({ kind: fc.constant('duplicate' as const), of: fc.nat(5) }),
  fc.record({ kind: fc.constant('concurrent' as const), first: fc.nat(2), second: fc.nat(2) }),
  fc.record({ kind: fc.constant('crash' as const), payment: fc.nat(2), afterQueries: fc.integer({ min: 1, max: 14 }) }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 3 }) }),
  // share 0: no amount, all that remains; together: a second, equal refund of the same payment at the same time.
  // Payment 3 is a card authorised (capture manual): captured in part or whole, once; refunds reach it too.
  fc.record({ kind: fc.constant('refund' as const), payment: fc.nat(3), share: fc.constantFrom(0, 10, 40, 60, 100), together: fc.boolean() }),
  fc.record({ kind: fc.constant('capture' as const), share: fc.constantFrom(30, 100), together: fc.boolean() }),
  fc.record({ kind: fc.constant('jobs' as const) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

class Crash extends Error {}

/** Succeeded refunds the checks saw, over all histories: the property is about refunds only if there are some. */
let refundsSeen = 0;
/** Card captures made, likewise. */
let capturesSeen = 0;

/** The transaction as a process killed after `n` statements sees it: it never commits. */
function crashingAfter(tx: Queryable, n: number): Queryable {
  let left = n;
  const tick = () => {
    if (--left < 0) throw new Crash('killed');
  };
  return { query: async (text, params) => (tick(), tx.query(text, params)), exec: async (sql) => (tick(), tx.exec(sql)) };
}

async function history(merchant: Caller, tolerance: number, windowHours: number, steps: Step[]) {
  const deps = paymentDeps(t.services);
  await t.request('POST', '/v1/settings/payments', { token: merchant.token, body: { underpayment_tolerance: { basis_points: tolerance }, monitoring_window_hours: windowHours } });
  const order = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ amount: 50_000, expires_at: new Date(t.clock.now().getTime() + 2 * HOUR).toISOString() }) })).body;
  const payments: any[] = [];
  for (const method of ['pix', 'boleto', 'pix']) {
    const res = await t.request('POST', `/v1/orders/${order.id}/payments`, { token: merchant.token, body: { method } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    payments.push(res.body);
  }
  const token = (await t.request('POST', '/v1/tokens', { token: merchant.token, body: { card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } } })).body;
  const card = await t.request('POST', `/v1/orders/${order.id}/payments`, { token: merchant.token, body: { method: 'card', token: token.id, capture_method: 'manual' } });
  expect(card.body.status, JSON.stringify(card.body)).toBe('requires_capture');
  payments.push(card.body);
  const sent: Array<{ notification: InboundNotification; method: string }> = [];
  const deliver = ({ notification, method }: { notification: InboundNotification; method: string }) =>
    t.app.inject({ method: 'POST', url: `/hooks/${method}/sandbox`, headers: notification.headers as Record<string, string>, payload: notification.rawBody });
  /** The sandbox payer pays; null when the sandbox refuses (that charge was paid already). */
  const payAtSandbox = async (index: number, share: number) => {
    const created = payments[index]!;
    try {
      const notification = await t.db.transaction(async (tx) => {
        const { payment, charge } = (await lockPaymentsAtSandbox(tx, [{ merchantId: merchant.merchantId, paymentId: decodeId('payment', created.id)! }]))[0]!;
        return deps.rails.sandbox(payment.method)!.simulate(paymentConnectorContext(deps, tx, payment), payment, { type: 'pay', amount: Math.round((payment.amount * share) / 100) }, charge);
      });
      const delivery = { notification, method: created.method as string };
      sent.push(delivery);
      return delivery;
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return null;
      throw error;
    }
  };

  for (const s of steps) {
    if (s.kind === 'pay') {
      const delivery = await payAtSandbox(s.payment, s.share);
      if (delivery) expect((await deliver(delivery)).statusCode).toBe(200);
    } else if (s.kind === 'duplicate') {
      const again = sent[s.of % Math.max(sent.length, 1)];
      if (again) expect((await deliver(again)).statusCode).toBe(200);
    } else if (s.kind === 'concurrent') {
      const both = [await payAtSandbox(s.first, 100), await payAtSandbox(s.second, 100)].filter((d) => d !== null);
      const answers = await Promise.all([...both, ...both].map(deliver));
      expect(answers.every((r) => r.statusCode === 200)).toBe(true);
    } else if (s.kind === 'crash') {
      const delivery = await payAtSandbox(s.payment, 100);
      if (!delivery) continue;
      await t.db
        .transaction((tx) => receiveNotification(crashingAfter(tx, s.afterQueries), deps, delivery.method as 'pix', 'sandbox', delivery.notification))
        .catch((error: unknown) => {
          if (!(error instanceof Crash)) throw error;
        });
      // The provider got no answer, so it sends the notification again.
      expect((await deliver(delivery)).statusCode).toBe(200);
    } else if (s.kind === 'refund') {
      const payment = (await t.request('GET', `/v1/payments/${payments[s.payment]!.id}`, { token: merchant.token })).body;
      const amount = s.share === 0 ? undefined : Math.max(1, Math.round((payment.amount_received * s.share) / 100));
      const body = { payment: payment.id, amount, ...(payment.method === 'boleto' ? { destination: BR_ACCOUNT } : {}) };
      const answers = await Promise.all(Array.from({ length: s.together ? 2 : 1 }, () => t.request('POST', '/v1/refunds', { token: merchant.token, body })));
      for (const res of answers) {
        expect([201, 409], JSON.stringify(res.body)).toContain(res.status);
        if (res.status === 409) expect(['refund_exceeds_remaining', 'already_refunded', 'invalid_state_transition']).toContain(res.body.code);
      }
    } else if (s.kind === 'capture') {
      const body = { amount: Math.round((payments[3]!.amount * s.share) / 100) };
      const answers = await Promise.all(Array.from({ length: s.together ? 2 : 1 }, () => t.request('POST', `/v1/payments/${payments[3]!.id}/capture`, { token: merchant.token, body })));
      for (const res of answers) expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
      // An authorisation is captured once, however many ask at the same time.
      expect(answers.filter((res) => res.status === 200).length).toBeLessThanOrEqual(1);
      capturesSeen += answers.filter((res) => res.status === 200).length;
    } else if (s.kind === 'advance') {
      t.clock.advance(s.hours * HOUR);
    } else {
      await runExpiry(t);
    }
  }
  return order.id as string;
}

async function checkInvariants(merchant: Caller, orderId: string) {
  const m = merchant.merchantId;
  const perCurrency = await t.db.query<{ currency: string; total: string | number }>(`SELECT currency, sum(amount)::bigint AS total FROM ledger_entries WHERE merchant_id = $1 GROUP BY currency`, [m]);
  for (const row of perCurrency) expect(Number(row.total), `entries of ${row.currency}`).toBe(0);
  const unbalanced = await t.db.query(`SELECT balance_transaction_id FROM ledger_entries WHERE merchant_id = $1 GROUP BY balance_transaction_id HAVING sum(amount) <> 0`, [m]);
  expect(unbalanced).toEqual([]);

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const payments = (await t.request('GET', `/v1/payments?order=${orderId}&limit=100`, { token: merchant.token })).body.data as any[];
  const txns = (await t.request('GET', '/v1/balance_transactions?limit=100', { token: merchant.token })).body.data as any[];
  const order = (await t.request('GET', `/v1/orders/${orderId}`, { token: merchant.token })).body;
  const refunds = (await t.request('GET', `/v1/refunds?order=${orderId}&limit=100`, { token: merchant.token })).body.data as any[];
  const succeeded = payments.filter((p) => p.status === 'succeeded');
  const refunded = refunds.filter((r) => r.status === 'succeeded');
  const ofType = (type: string) => txns.filter((x) => x.type === type);
  expect(ofType('payment').map((x) => x.source).sort()).toEqual(succeeded.map((p) => p.id).sort()); // each succeeded payment counted exactly once
  expect(ofType('refund').map((x) => x.source).sort()).toEqual(refunded.map((r) => r.id).sort()); // and each succeeded refund
  refundsSeen += refunded.length;
  for (const r of refunded) {
    const txn = ofType('refund').find((x) => x.source === r.id)!;
    expect(txn.amount + txn.owed_to_payer).toBe(-r.order_amount);
  }
  for (const p of payments) {
    const held = refunds.filter((r) => r.payment === p.id && r.status !== 'failed' && r.status !== 'canceled');
    expect(sum(held.map((r) => r.amount)), `refunds of ${p.id}`).toBeLessThanOrEqual(p.amount_received);
  }
  for (const p of succeeded) {
    const txn = ofType('payment').find((x) => x.source === p.id)!;
    expect(txn.amount + txn.owed_to_payer).toBe(p.amount_received);
    expect(txn.fee).toBe(p.fee);
    const events = (await t.request('GET', `/v1/events?object=${p.id}&type=payment.succeeded`, { token: merchant.token })).body.data;
    expect(events).toHaveLength(1);
  }
  expect(order.amount_refunded).toBe(sum(refunded.map((r) => r.order_amount)));
  expect(order.amount_paid).toBe(sum(succeeded.map((p) => p.amount_received)));
  expect(order.amount_overpaid).toBe(sum(ofType('payment').map((x) => x.owed_to_payer)));
  // What refunds return is owed back first: the owed account holds the excess not yet returned, never less than nothing.
  const owed = await t.db.query<{ total: string | number | null }>(`SELECT sum(amount)::bigint AS total FROM ledger_entries WHERE merchant_id = $1 AND account = 'owed_to_payers'`, [m]);
  expect(Number(owed[0]?.total ?? 0)).toBe(sum(txns.map((x) => x.owed_to_payer)));
  expect(Number(owed[0]?.total ?? 0)).toBeGreaterThanOrEqual(0);
  expect(order.amount_paid - order.amount_overpaid).toBeLessThanOrEqual(order.amount);

  const balance = (await t.request('GET', '/v1/balance', { token: merchant.token })).body;
  const byStatus = (status: string) => sum(txns.filter((x) => x.status === status).map((x) => x.net));
  const amountOf = (list: Array<{ amount: number }>) => list[0]?.amount ?? 0;
  expect(amountOf(balance.available)).toBe(byStatus('available'));
  expect(amountOf(balance.pending)).toBe(byStatus('pending'));
  const payer = await t.db.query<{ total: string | number | null }>(`SELECT sum(amount)::bigint AS total FROM ledger_entries WHERE merchant_id = $1 AND account = 'payer_funds'`, [m]);
  expect(Number(payer[0]?.total ?? 0) + order.amount_paid - order.amount_refunded).toBe(0);
}

describe('the ledger, over random histories of confirmations and refunds', () => {
  it('balances per currency, equals the sum of its entries, counts each payment and refund once, and never refunds more than was received', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 4 }), fc.array(step, { minLength: 1, maxLength: 10 }), async (tolerance, windowHours, steps) => {
        const merchant = await t.newMerchant();
        const orderId = await history(merchant, tolerance, windowHours, steps);
        await checkInvariants(merchant, orderId);
        // Releases due later keep every invariant, and leave nothing pending once a day has passed.
        t.clock.advance(25 * HOUR);
        await runExpiry(t);
        await checkInvariants(merchant, orderId);
      }),
      { numRuns: RUNS },
    );
    expect(refundsSeen).toBeGreaterThan(0);
    expect(capturesSeen).toBeGreaterThan(0);
  }, 600_000);
});
