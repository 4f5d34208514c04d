import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountDue, confirmPayment, countedOf, isPaidEnough, statusOnPaymentProcessing, statusOnProcessingEnded, type MoneyRules, type OrderMoney } from './order-money.js';
import { MAX_AMOUNT } from './money.js';
import { canTransition } from './order-status.js';

const NO_TOLERANCE: MoneyRules = { toleranceAmount: 0, toleranceBasisPoints: 0, monitoringWindowMs: 24 * 3_600_000 };
const EXPIRES = new Date('2026-11-24T12:00:00Z');
const BEFORE = new Date('2026-11-24T11:00:00Z');
const open = (amount = 29700): OrderMoney => ({ status: 'open', amount, amountPaid: 0, amountOverpaid: 0, expiresAt: EXPIRES });
const after = (ms: number) => new Date(EXPIRES.getTime() + ms);

describe('confirming a payment on an order', () => {
  it('pays in full, in parts, and over', () => {
    expect(confirmPayment(open(), 29700, BEFORE, NO_TOLERANCE)).toEqual({
      order: { status: 'paid', amountPaid: 29700, amountOverpaid: 0 },
      counted: 29700,
      excess: 0,
      late: false,
    });
    const part = confirmPayment(open(), 10000, BEFORE, NO_TOLERANCE);
    expect(part.order).toEqual({ status: 'partially_paid', amountPaid: 10000, amountOverpaid: 0 });
    const rest = confirmPayment({ ...open(), ...part.order }, 19800, BEFORE, NO_TOLERANCE);
    expect(rest).toMatchObject({ order: { status: 'overpaid', amountPaid: 29800, amountOverpaid: 100 }, counted: 19700, excess: 100 });
  });

  it('counts a second payment of a paid order as owed back: both count, the order is overpaid', () => {
    const paid = { ...open(), status: 'paid' as const, amountPaid: 29700 };
    expect(confirmPayment(paid, 29700, BEFORE, NO_TOLERANCE)).toMatchObject({ order: { status: 'overpaid', amountPaid: 59400, amountOverpaid: 29700 }, counted: 0, excess: 29700 });
  });

  it('accepts a shortfall within the absolute or the percentage tolerance, whichever allows more', () => {
    const rules = { ...NO_TOLERANCE, toleranceAmount: 50, toleranceBasisPoints: 100 }; // R$ 0,50 or 1%
    expect(confirmPayment(open(), 29700 - 297, BEFORE, rules).order.status).toBe('paid');
    expect(confirmPayment(open(), 29700 - 298, BEFORE, rules).order.status).toBe('partially_paid');
    expect(confirmPayment(open(1000), 950, BEFORE, rules).order.status).toBe('paid');
    expect(confirmPayment(open(1000), 949, BEFORE, rules).order.status).toBe('partially_paid');
    const tolerated = { ...open(), status: 'paid' as const, amountPaid: 29500 };
    expect(amountDue(tolerated)).toBe(0);
    // More money counts toward the shortfall first, then is owed back.
    expect(confirmPayment(tolerated, 300, BEFORE, rules)).toMatchObject({ order: { status: 'overpaid', amountOverpaid: 100 }, counted: 200, excess: 100 });
  });

  it('compares the percentage exactly, beyond 2^53', () => {
    expect(isPaidEnough(MAX_AMOUNT, MAX_AMOUNT - 1, { toleranceAmount: 0, toleranceBasisPoints: 1 })).toBe(true);
    expect(isPaidEnough(MAX_AMOUNT, MAX_AMOUNT - Math.floor(MAX_AMOUNT / 10_000) - 1, { toleranceAmount: 0, toleranceBasisPoints: 1 })).toBe(false);
  });

  it('counts a payment on an expired order within the monitoring window, flagged late', () => {
    const expired = { ...open(), status: 'expired' as const };
    expect(confirmPayment(expired, 29700, after(3_600_000), NO_TOLERANCE)).toMatchObject({ order: { status: 'paid' }, late: true });
    expect(confirmPayment({ ...expired, amountPaid: 10000, status: 'expired' }, 5000, after(1), NO_TOLERANCE).order.status).toBe('partially_paid');
  });

  it('after the window, or on a canceled order, records the money, owes all of it back and keeps the status', () => {
    const expired = { ...open(), status: 'expired' as const, amountPaid: 10000 };
    expect(confirmPayment(expired, 29700, after(24 * 3_600_000 + 1), NO_TOLERANCE)).toEqual({
      order: { status: 'expired', amountPaid: 39700, amountOverpaid: 29700 },
      counted: 0,
      excess: 29700,
      late: true,
    });
    const canceled = { ...open(), status: 'canceled' as const };
    expect(confirmPayment(canceled, 29700, BEFORE, NO_TOLERANCE)).toMatchObject({ order: { status: 'canceled', amountPaid: 29700, amountOverpaid: 29700 }, late: true });
    expect(amountDue({ ...canceled, amountPaid: 29700, amountOverpaid: 29700 })).toBe(29700);
  });

  it('moves an open order to processing while a payment is in flight, and back when the last one ends', () => {
    expect(statusOnPaymentProcessing('open')).toBe('processing');
    expect(statusOnPaymentProcessing('partially_paid')).toBe('partially_paid');
    expect(statusOnProcessingEnded('processing', false)).toBe('open');
    expect(statusOnProcessingEnded('processing', true)).toBe('processing');
    expect(statusOnProcessingEnded('paid', false)).toBe('paid');
  });
});

describe('order money, for any sequence of confirmations', () => {
  const statuses = fc.constantFrom('open', 'processing', 'requires_action', 'partially_paid', 'expired', 'canceled', 'failed', 'refunded' as const);
  it('loses nothing: paid = counted + owed back, counted never passes the amount, and every status change is in the state machine', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        statuses,
        fc.array(fc.record({ received: fc.integer({ min: 1, max: 20_000_000 }), offsetMs: fc.integer({ min: -3_600_000, max: 48 * 3_600_000 }) }), { maxLength: 8 }),
        fc.record({ toleranceAmount: fc.integer({ min: 0, max: 1000 }), toleranceBasisPoints: fc.integer({ min: 0, max: 500 }), monitoringWindowMs: fc.constant(24 * 3_600_000) }),
        (amount, start, payments, rules) => {
          let order: OrderMoney = { status: start, amount, amountPaid: 0, amountOverpaid: 0, expiresAt: EXPIRES };
          let received = 0;
          for (const p of payments) {
            const result = confirmPayment(order, p.received, after(p.offsetMs), rules);
            received += p.received;
            expect(result.counted + result.excess).toBe(p.received);
            if (result.order.status !== order.status) expect(canTransition(order.status, result.order.status)).toBe(true);
            order = { ...order, ...result.order };
            expect(order.amountPaid).toBe(received);
            expect(countedOf(order)).toBeLessThanOrEqual(amount);
            expect(amountDue(order)).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
