import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmationPostings, feeFor, isBalanced, releasePostings } from './ledger.js';

describe('fees', () => {
  it('rounds the percentage half up to the minor unit and adds the fixed part', () => {
    expect(feeFor({ basisPoints: 99, fixed: 0 }, 29700)).toBe(294); // 294.03
    expect(feeFor({ basisPoints: 99, fixed: 0 }, 5051)).toBe(50); // 50.0049
    expect(feeFor({ basisPoints: 50, fixed: 0 }, 100)).toBe(1); // 0.5 → 1
    expect(feeFor({ basisPoints: 50, fixed: 0 }, 99)).toBe(0); // 0.495 → 0
    expect(feeFor({ basisPoints: 0, fixed: 349 }, 29700)).toBe(349);
    expect(feeFor({ basisPoints: 0, fixed: 349 }, 100)).toBe(100); // never more than received
  });
});

describe('postings', () => {
  it('splits a confirmation: payer funds out, fee, the merchant, the excess owed back', () => {
    expect(confirmationPostings({ received: 30000, counted: 29700, excess: 300, fee: 297, availableAtOnce: false })).toEqual([
      { account: 'payer_funds', amount: -30000 },
      { account: 'fees', amount: 297 },
      { account: 'merchant_pending', amount: 29403 },
      { account: 'owed_to_payers', amount: 300 },
    ]);
    expect(confirmationPostings({ received: 100, counted: 100, excess: 0, fee: 0, availableAtOnce: true })).toEqual([
      { account: 'payer_funds', amount: -100 },
      { account: 'merchant_available', amount: 100 },
    ]);
    expect(releasePostings(29403)).toEqual([
      { account: 'merchant_pending', amount: -29403 },
      { account: 'merchant_available', amount: 29403 },
    ]);
  });

  it('always balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (received, countedRaw, bp, atOnce) => {
        const counted = countedRaw % (received + 1);
        const fee = feeFor({ basisPoints: bp, fixed: 0 }, received);
        const postings = confirmationPostings({ received, counted, excess: received - counted, fee, availableAtOnce: atOnce });
        expect(isBalanced(postings)).toBe(true);
        expect(postings.every((p) => p.amount !== 0)).toBe(true);
        expect(isBalanced(releasePostings(counted - fee))).toBe(true);
      }),
    );
  });
});
