import { describe, expect, it } from 'vitest';
import { assertPaymentTransition, canTransitionPayment, PAYMENT_STATUSES, PAYMENT_TRANSITIONS } from './payments.js';

describe('the payment state machine', () => {
  it('lets an open payment end every way, and a settled one never change again', () => {
    expect(PAYMENT_TRANSITIONS.pending).toEqual(['processing', 'succeeded', 'failed', 'canceled', 'expired']);
    expect(PAYMENT_TRANSITIONS.processing).toContain('pending');
    expect(PAYMENT_TRANSITIONS.succeeded).toEqual([]);
  });

  it('records money that arrives after a failure, a cancel or an expiry, and nothing else', () => {
    for (const from of ['failed', 'canceled', 'expired'] as const) {
      expect(PAYMENT_TRANSITIONS[from]).toEqual(['succeeded']);
      expect(canTransitionPayment(from, from === 'failed' ? 'canceled' : 'failed')).toBe(false);
    }
  });

  it('refuses what the table does not allow with a stable code, and no status moves to itself', () => {
    expect(() => assertPaymentTransition('succeeded', 'failed')).toThrow(expect.objectContaining({ code: 'invalid_state_transition' }));
    for (const s of PAYMENT_STATUSES) expect(canTransitionPayment(s, s)).toBe(false);
  });
});
