import { AppError } from './errors.js';
import { toOrderCurrency } from './fx.js';
import type { Posting } from './ledger.js';
import { canTransition, type OrderStatus } from './order-status.js';
import type { PaymentMethod } from './orders.js';
import type { Payment } from './payments.js';

/**
 * A refund sends part or all of a succeeded payment back to the payer. Several may be made of one payment,
 * and together they never exceed what it received: a refund reserves its amount from the moment it is
 * recorded, before its provider is asked, and gives it back only if it fails or is canceled.
 */
export const REFUND_STATUSES = [
  'pending', // recorded and sent (or being sent); the provider has not confirmed it yet
  'requires_action', // the merchant must send the money itself (USDT) and record the transaction
  'succeeded',
  'failed',
  'canceled',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  pending: ['requires_action', 'succeeded', 'failed', 'canceled'],
  // A recorded transaction makes it pending until the chain confirms it.
  requires_action: ['pending', 'succeeded', 'failed', 'canceled'],
  succeeded: [],
  failed: [],
  canceled: [],
};

/** Statuses that hold their amount against the payment. */
export const RESERVING_REFUND_STATUSES: readonly RefundStatus[] = ['pending', 'requires_action', 'succeeded'];

export function canTransitionRefund(from: RefundStatus, to: RefundStatus): boolean {
  return REFUND_TRANSITIONS[from].includes(to);
}

export interface Refund {
  id: string;
  merchantId: string;
  livemode: boolean;
  paymentId: string;
  orderId: string;
  storeId: string | null;
  branchId: string | null;
  method: PaymentMethod;
  provider: string;
  status: RefundStatus;
  /** In minor units of the payment's currency: what goes back to the payer. */
  amount: number;
  currency: string;
  /** What it takes off the order, in the order's currency; set when it succeeds (see orderShareOf). */
  orderAmount: number | null;
  reason: string | null;
  metadata: Record<string, string>;
  /** Where the money goes, for rails that need one (see RefundDestination in rails/connector.ts). */
  destination: Record<string, unknown> | null;
  /** Chosen before the provider is asked, 32 letters and digits: the provider's name for the refund. */
  reference: string;
  /** A refund the merchant sends itself: the transaction it recorded. */
  transactionHash: string | null;
  /** What the merchant must do while requires_action. */
  nextAction: Record<string, unknown> | null;
  providerMetadata: Record<string, unknown>;
  providerData: Record<string, unknown>;
  failureCode: string | null;
  failureMessage: string | null;
  /** `<principal>:<Idempotency-Key>` of the request that made it: a retry finds it instead of refunding twice. */
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
  /** When the reconciliation job asks the provider next; null when nothing is to be asked. */
  nextCheckAt: Date | null;
  checkAttempts: number;
}

/** What a payment may still refund: what it received less what its refunds hold. */
export function remainingRefundable(payment: Pick<Payment, 'status' | 'amountReceived'>, reserved: number): number {
  return payment.status === 'succeeded' ? Math.max(payment.amountReceived - reserved, 0) : 0;
}

/**
 * The amount of a new refund: the one asked for, or all that remains. A payment with nothing left is
 * already_refunded; an amount beyond what remains is refund_exceeds_remaining.
 */
export function refundAmount(payment: Pick<Payment, 'status' | 'amountReceived' | 'currency'>, reserved: number, asked: number | undefined): number {
  if (payment.status !== 'succeeded') {
    throw new AppError('invalid_state_transition', `A payment that is ${payment.status} has received nothing to refund`);
  }
  const remaining = remainingRefundable(payment, reserved);
  if (remaining === 0) throw new AppError('already_refunded', 'This payment is already refunded in full (or its refunds in progress take all of it)');
  if (asked === undefined) return remaining;
  if (!Number.isSafeInteger(asked) || asked <= 0) throw AppError.invalidField('amount', 'invalid_amount', 'must be a positive integer of minor units');
  if (asked > remaining) {
    throw new AppError(
      'refund_exceeds_remaining',
      `The refund of ${asked} is more than the ${remaining} ${payment.currency} minor units that remain of this payment`,
      [{ path: '/amount', code: 'refund_exceeds_remaining', message: `must be at most ${remaining}` }],
    );
  }
  return asked;
}

/**
 * The order-currency value of the first `refunded` minor units of a payment: the payment's whole value
 * toward its order (at its locked price when it was in another currency) pro rata, rounded half up. A
 * refund takes off the order the difference this makes, so refunds that add up to the payment add up to
 * its value exactly, whatever the rounding of each.
 */
export function orderShareOf(payment: Pick<Payment, 'amount' | 'amountReceived' | 'quote'>, refunded: number): number {
  const value = payment.quote ? toOrderCurrency(payment.quote, payment.amount, payment.amountReceived) : payment.amountReceived;
  if (refunded >= payment.amountReceived) return value;
  const scaled = BigInt(refunded) * BigInt(value);
  const received = BigInt(payment.amountReceived);
  return Number((scaled * 2n + received) / (received * 2n));
}

/** What a succeeded refund of `amount`, after `refundedBefore` of the same payment succeeded, takes off the order. */
export function refundOrderAmount(payment: Pick<Payment, 'amount' | 'amountReceived' | 'quote'>, refundedBefore: number, amount: number): number {
  return orderShareOf(payment, refundedBefore + amount) - orderShareOf(payment, refundedBefore);
}

/**
 * The order's status once `amountRefunded` of what it received has gone back: refunded when all of it
 * has, partially_refunded before. An order whose status cannot follow (money refunded on an order that
 * expired or was canceled before it arrived) keeps its status; its amount_refunded still says it.
 */
export function orderStatusAfterRefund(order: { status: OrderStatus; amountPaid: number }, amountRefunded: number): OrderStatus {
  const next: OrderStatus = amountRefunded >= order.amountPaid ? 'refunded' : 'partially_refunded';
  return canTransition(order.status, next) ? next : order.status;
}

/** The part of a refund that returns money owed to the payer (received beyond the order): that first, then the merchant's. */
export const drawnFromOwed = (orderAmount: number, stillOwed: number) => Math.min(orderAmount, Math.max(stillOwed, 0));

/**
 * A succeeded refund's postings: what was owed back to the payer (`fromOwed`) and then the merchant's
 * money go back to the payer. A payment in another currency leaves in the order's currency and reaches
 * the payer in the payment's, through fx_conversion (one pair in each currency, each balanced).
 */
export function refundPostings(r: { orderAmount: number; fromOwed: number; orderCurrency: string; amount: number; currency: string }): Posting[] {
  if (r.fromOwed < 0 || r.fromOwed > r.orderAmount) throw new RangeError('a refund draws from what is owed at most its own amount');
  const leaving: Posting[] = [
    { account: 'owed_to_payers', amount: -r.fromOwed },
    { account: 'merchant_available', amount: -(r.orderAmount - r.fromOwed) },
  ];
  const arriving: Posting[] =
    r.orderCurrency === r.currency
      ? [{ account: 'payer_funds', amount: r.amount }]
      : [
          { account: 'fx_conversion', amount: r.orderAmount },
          { account: 'fx_conversion', amount: -r.amount, currency: r.currency },
          { account: 'payer_funds', amount: r.amount, currency: r.currency },
        ];
  return [...leaving, ...arriving].filter((p) => p.amount !== 0);
}
