import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBalanced } from './ledger.js';
import { drawnFromOwed, orderShareOf, orderStatusAfterRefund, refundAmount, refundOrderAmount, refundPostings, remainingRefundable } from './refunds.js';

const quote = (orderAmount: number) => ({ orderAmount }) as never;

describe('refund amounts', () => {
  it('what remains is what was received less what refunds hold; nothing of a payment that received nothing', () => {
    expect(remainingRefundable({ status: 'succeeded', amountReceived: 1000 }, 300)).toBe(700);
    expect(remainingRefundable({ status: 'pending', amountReceived: 0 }, 0)).toBe(0);
    const paid = { status: 'succeeded' as const, amountReceived: 1000, currency: 'BRL' };
    expect(refundAmount(paid, 300, undefined)).toBe(700);
    expect(() => refundAmount(paid, 300, 701)).toThrow(expect.objectContaining({ code: 'refund_exceeds_remaining' }));
    expect(() => refundAmount(paid, 1000, 1)).toThrow(expect.objectContaining({ code: 'already_refunded' }));
    expect(() => refundAmount({ ...paid, status: 'pending' }, 0, 1)).toThrow(expect.objectContaining({ code: 'invalid_state_transition' }));
  });

  it("refunds that add up to a payment take exactly its value off the order, however each rounds (FX payments)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }), (received, orderAmount, weights) => {
        const payment = { amount: received, amountReceived: received, quote: quote(orderAmount) };
        const total = weights.reduce((a, b) => a + b, 0);
        const parts = weights.map((w) => Math.floor((received * w) / total));
        parts[parts.length - 1]! += received - parts.reduce((a, b) => a + b, 0);
        let before = 0;
        let taken = 0;
        for (const part of parts) {
          const share = refundOrderAmount(payment, before, part);
          expect(share).toBeGreaterThanOrEqual(0);
          taken += share;
          before += part;
        }
        expect(taken).toBe(orderShareOf(payment, received));
        expect(taken).toBe(orderAmount);
      }),
    );
  });

  it('the order is refunded once all it received went back, partially before; a status that cannot follow stays', () => {
    expect(orderStatusAfterRefund({ status: 'paid', amountPaid: 1000 }, 400)).toBe('partially_refunded');
    expect(orderStatusAfterRefund({ status: 'partially_refunded', amountPaid: 1000 }, 1000)).toBe('refunded');
    expect(orderStatusAfterRefund({ status: 'expired', amountPaid: 1000 }, 1000)).toBe('expired');
  });
});

describe('refund postings', () => {
  it('balance per currency, draw on what is owed first, and never draw more than the refund', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: -10, max: 1e9 }), fc.boolean(), fc.integer({ min: 1, max: 1e9 }), (orderAmount, owed, fx, amount) => {
        const fromOwed = drawnFromOwed(orderAmount, owed);
        expect(fromOwed).toBe(Math.min(orderAmount, Math.max(owed, 0)));
        const postings = refundPostings({ orderAmount, fromOwed, orderCurrency: 'USD', amount: fx ? amount : orderAmount, currency: fx ? 'USDT' : 'USD' });
        for (const currency of ['USD', 'USDT']) expect(isBalanced(postings.filter((p) => (p.currency ?? 'USD') === currency))).toBe(true);
        expect(postings.every((p) => p.amount !== 0)).toBe(true);
      }),
    );
    expect(() => refundPostings({ orderAmount: 5, fromOwed: 6, orderCurrency: 'BRL', amount: 5, currency: 'BRL' })).toThrow(RangeError);
  });
});
