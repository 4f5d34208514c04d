import { AppError } from './errors.js';
import type { FxQuote } from './fx.js';
import type { PaymentMethod } from './orders.js';

/**
 * A payment is one attempt to pay an order on one rail (a Pix charge, a boleto). The order's money follows
 * from its succeeded payments (see order-money.ts); this file holds the payment's own state machine.
 */
export const PAYMENT_STATUSES = [
  'pending', // instructions given, waiting for the payer (a Pix QR shown, a boleto issued)
  'processing', // the provider has not answered yet, or its answer was lost: a reconciliation query settles it
  'requires_action', // the payer must act first: a card's 3-D Secure challenge (next_action says where)
  'requires_capture', // a card authorised and held (capture_method manual): captured, voided or expired later
  'succeeded', // money arrived; amount_received says how much
  'failed',
  'canceled',
  'expired',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['processing', 'succeeded', 'failed', 'canceled', 'expired'],
  processing: ['pending', 'succeeded', 'failed', 'canceled', 'expired'],
  requires_action: ['requires_capture', 'succeeded', 'failed', 'canceled', 'expired'],
  requires_capture: ['succeeded', 'canceled', 'expired'],
  succeeded: [],
  // Money that arrives is never lost: a charge paid after it failed, or after we canceled or expired it, is
  // recorded, flagged late (a boleto reported unpaid that the payer pays anyway, a provider that corrects itself).
  failed: ['succeeded'],
  canceled: ['succeeded'],
  expired: ['succeeded'],
};

/** Statuses from which the payer may still pay, so a provider's query is worth asking. */
export const OPEN_PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'processing'];

/** Statuses of a payment started and not concluded: its order is processing (or requires_action) meanwhile. */
export const IN_FLIGHT_PAYMENT_STATUSES: readonly PaymentStatus[] = ['processing', 'requires_action', 'requires_capture'];

export function canTransitionPayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function assertPaymentTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransitionPayment(from, to)) {
    throw new AppError('invalid_state_transition', `A payment that is ${from} cannot become ${to}`);
  }
}

/** What the payer needs, by rail: a Pix code and its images, a boleto's lines and PDF. Shown as is. */
export type Instructions = Record<string, unknown>;

export interface Payment {
  id: string;
  merchantId: string;
  livemode: boolean;
  orderId: string;
  /** Copied from the order, so a store or branch user sees the payments of its orders only. */
  storeId: string | null;
  branchId: string | null;
  method: PaymentMethod;
  provider: string;
  status: PaymentStatus;
  /** Requested, in minor units of `currency`. */
  amount: number;
  currency: string;
  /** The price locked when the payment is in another currency than its order (see fx.ts); null in the order's currency. */
  quote: FxQuote | null;
  amountReceived: number;
  /** What its succeeded refunds sent back, in minor units of `currency` (kept as each succeeds). */
  amountRefunded: number;
  fee: number;
  instructions: Instructions | null;
  /** What the provider's notifications name the payment by: a Pix txid, a boleto's nosso número. */
  providerReference: string | null;
  /** Shown to the merchant: txid, end_to_end_id, the payer… */
  providerMetadata: Record<string, unknown>;
  /** The connector's own state, opaque to everything else. */
  providerData: Record<string, unknown>;
  failureCode: string | null;
  failureMessage: string | null;
  /** Confirmed after the order's expiry, or on an order that no longer takes money. */
  late: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
  /** When the reconciliation job asks the provider next; null when nothing is to be asked. */
  nextCheckAt: Date | null;
  checkAttempts: number;
}

/** The event a payment's new status is announced with. */
export function paymentEventType(status: PaymentStatus): string {
  return `payment.${status}`;
}
