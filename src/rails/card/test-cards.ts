import type { DeclineCode } from './acquirer.js';

/**
 * The sandbox acquirer's cards: the numbers developers know from Stripe's testing documentation, with the
 * same meanings. Any other valid number of a known brand is approved. Any future expiry, any CVC.
 */
export type CardBehaviour =
  | { type: 'approve'; funding: 'credit' | 'debit' }
  | { type: 'decline'; code: DeclineCode }
  /** 3-D Secure on every payment, merchant-initiated ones included. */
  | { type: 'challenge_always' }
  /** 3-D Secure on a one-off payment or when the card is first saved; a saved card's later merchant-initiated payments pass without. */
  | { type: 'challenge_on_setup' };

export const TEST_CARDS: Readonly<Record<string, { behaviour: CardBehaviour; meaning: string }>> = {
  '4242424242424242': { behaviour: { type: 'approve', funding: 'credit' }, meaning: 'Visa: approved' },
  '5555555555554444': { behaviour: { type: 'approve', funding: 'credit' }, meaning: 'Mastercard: approved' },
  '4000000000000002': { behaviour: { type: 'decline', code: 'card_declined' }, meaning: 'Declined (generic): card_declined' },
  '4000000000009995': { behaviour: { type: 'decline', code: 'insufficient_funds' }, meaning: 'Declined: insufficient_funds' },
  '4000000000000069': { behaviour: { type: 'decline', code: 'expired_card' }, meaning: 'Declined: expired_card' },
  '4000000000000127': { behaviour: { type: 'decline', code: 'incorrect_cvc' }, meaning: 'Declined: incorrect_cvc' },
  '4000000000000119': { behaviour: { type: 'decline', code: 'processing_error' }, meaning: 'Declined: processing_error' },
  '4000000000003220': { behaviour: { type: 'challenge_always' }, meaning: '3-D Secure challenge required on every payment' },
  '4000002500003155': { behaviour: { type: 'challenge_on_setup' }, meaning: '3-D Secure challenge on a one-off payment or the first (saving) one; a saved card then pays merchant-initiated without' },
};

const APPROVED: CardBehaviour = { type: 'approve', funding: 'credit' };

export const behaviourOf = (digits: string): CardBehaviour => TEST_CARDS[digits]?.behaviour ?? APPROVED;

/** Test numbers are refused in live mode whatever the acquirer: they are public. */
export const isTestCard = (digits: string): boolean => digits in TEST_CARDS;
