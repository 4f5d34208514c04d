import { AppError } from './errors.js';

/**
 * The one order state machine. Every face (canonical API, checkout, vendor-compatible APIs, rails, jobs)
 * moves orders only through `transition`, so the table below is the whole truth about what can follow what.
 * The README's diagram is generated from it (`npm run docs:state`), and a test fails when they differ.
 */
export const ORDER_STATUSES = [
  'open', // created, waiting for the buyer to pay
  'processing', // a payment was started and has not concluded (card in flight, Pix/USDT seen but unconfirmed)
  'requires_action', // the buyer must do something: 3-D Secure, open the bank app, send documents
  'under_review', // held by compliance or risk review before it may be paid
  'partially_paid', // confirmed payments add up to less than the amount
  'paid', // confirmed payments add up to exactly the amount
  'overpaid', // confirmed payments add up to more than the amount
  'partially_refunded',
  'refunded',
  'disputed', // a chargeback or claim is open against a payment
  'failed', // no further payment attempts are allowed
  'canceled',
  'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const PAYMENT_OUTCOMES = ['partially_paid', 'paid', 'overpaid'] as const;

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  open: ['processing', 'requires_action', 'under_review', ...PAYMENT_OUTCOMES, 'failed', 'canceled', 'expired'],
  processing: ['open', 'requires_action', 'under_review', ...PAYMENT_OUTCOMES, 'failed', 'canceled', 'expired'],
  requires_action: ['processing', 'open', 'under_review', ...PAYMENT_OUTCOMES, 'failed', 'canceled', 'expired'],
  under_review: ['open', 'processing', ...PAYMENT_OUTCOMES, 'failed', 'canceled'],
  partially_paid: ['processing', 'paid', 'overpaid', 'partially_refunded', 'refunded', 'disputed', 'expired'],
  // Two payments confirming together both count: the second makes a paid order overpaid.
  paid: ['overpaid', 'partially_refunded', 'refunded', 'disputed'],
  overpaid: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['partially_refunded', 'refunded', 'disputed'],
  disputed: ['paid', 'partially_refunded', 'refunded'],
  // A payment that lands after expiry is money received: the order records it rather than losing it.
  expired: [...PAYMENT_OUTCOMES],
  refunded: [],
  failed: [],
  canceled: [],
};

/**
 * Statuses the expiry sweeper expires once `expires_at` has passed. Not `processing` (a payment is in
 * flight and must conclude first) and not `partially_paid` (money was received; the rails decide).
 */
export const SWEPT_ON_EXPIRY: readonly OrderStatus[] = ['open', 'requires_action'];

/** Statuses from which a merchant may cancel an order: nothing has been paid and nothing is in flight. */
export const CANCELABLE: readonly OrderStatus[] = ['open', 'requires_action', 'under_review'];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('invalid_state_transition', `An order that is ${from} cannot become ${to}`);
  }
}

export function isTerminal(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

/** Mermaid state diagram of the table above; the README embeds this text verbatim. */
export function orderStateDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> open'];
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_TRANSITIONS[from]) lines.push(`  ${from} --> ${to}`);
    if (isTerminal(from)) lines.push(`  ${from} --> [*]`);
  }
  return lines.join('\n');
}
