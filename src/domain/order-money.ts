import { assertTransition, type OrderStatus } from './order-status.js';

/**
 * How an order's money follows from its confirmed payments. `amount_paid` is every minor unit received;
 * `amount_overpaid` the part of it owed back to payers; the rest counts toward `amount`. Pure: the service
 * calls this under the order's row lock and writes what it returns.
 */

/** The merchant's rules for money that is short or late (see payment-settings.ts). */
export interface MoneyRules {
  /** Shortfall accepted as paid, in minor units of the order's currency. */
  toleranceAmount: number;
  /** Shortfall accepted as paid, in basis points of the amount (100 = 1%). */
  toleranceBasisPoints: number;
  /** How long after an order's expiry a payment still counts toward it. */
  monitoringWindowMs: number;
}

export interface OrderMoney {
  status: OrderStatus;
  amount: number;
  amountPaid: number;
  amountOverpaid: number;
  expiresAt: Date | null;
}

/** Statuses in which the order owes nothing more. */
const SETTLED: readonly OrderStatus[] = ['paid', 'overpaid', 'partially_refunded', 'refunded', 'disputed'];

/** Statuses in which money received counts toward the order (an expired one only within the window). */
const TAKES_MONEY: readonly OrderStatus[] = ['open', 'processing', 'requires_action', 'under_review', 'partially_paid', 'paid', 'overpaid', 'expired'];

/** Statuses in which the order may start a new payment. */
export const PAYABLE: readonly OrderStatus[] = ['open', 'processing', 'requires_action', 'partially_paid'];

export const countedOf = (order: Pick<OrderMoney, 'amountPaid' | 'amountOverpaid'>) => order.amountPaid - order.amountOverpaid;

/** What is still to pay: nothing once the order is settled, however short a tolerated payment was. */
export function amountDue(order: Pick<OrderMoney, 'status' | 'amount' | 'amountPaid' | 'amountOverpaid'>): number {
  if (SETTLED.includes(order.status)) return 0;
  return Math.max(order.amount - countedOf(order), 0);
}

/**
 * Whether `counted` is close enough to `amount`: the shortfall is within the absolute tolerance or within
 * the percentage, whichever allows more. The percentage is compared in BigInt (shortfall × 10000 ≤
 * amount × bp), exactly, since amounts times 10000 pass 2^53.
 */
export function isPaidEnough(amount: number, counted: number, rules: Pick<MoneyRules, 'toleranceAmount' | 'toleranceBasisPoints'>): boolean {
  const shortfall = amount - counted;
  if (shortfall <= 0 || shortfall <= rules.toleranceAmount) return true;
  return BigInt(shortfall) * 10_000n <= BigInt(amount) * BigInt(rules.toleranceBasisPoints);
}

export interface Confirmation {
  /** The order after the payment: its status and amounts. */
  order: Pick<OrderMoney, 'status' | 'amountPaid' | 'amountOverpaid'>;
  /** The part of the payment that counts toward the order's amount. */
  counted: number;
  /** The part owed back to the payer. */
  excess: number;
  /** Confirmed after the order's expiry, or on an order that takes no more money. */
  late: boolean;
}

/**
 * A payment of `received` confirmed at `at`. Money counts toward what is still to pay first, and whatever
 * is beyond the amount is owed back (overpaid). An expired order takes money within the monitoring window
 * after its expiry; after it, or on an order canceled, failed or refunded, the money is recorded all the
 * same (amount_paid rises) but all of it is owed back, and the order keeps its status. Both cases are late.
 */
export function confirmPayment(order: OrderMoney, received: number, at: Date, rules: MoneyRules): Confirmation {
  if (!Number.isSafeInteger(received) || received <= 0) throw new RangeError('a confirmed payment receives a positive integer amount');
  const pastExpiry = order.expiresAt !== null && at.getTime() > order.expiresAt.getTime();
  const withinWindow = order.expiresAt === null || at.getTime() <= order.expiresAt.getTime() + rules.monitoringWindowMs;
  const takesMoney = TAKES_MONEY.includes(order.status) && (order.status !== 'expired' || withinWindow);
  const amountPaid = order.amountPaid + received;
  if (!takesMoney) {
    return { order: { status: order.status, amountPaid, amountOverpaid: order.amountOverpaid + received }, counted: 0, excess: received, late: true };
  }
  const counted = Math.min(received, Math.max(order.amount - countedOf(order), 0));
  const excess = received - counted;
  const amountOverpaid = order.amountOverpaid + excess;
  const total = countedOf(order) + counted;
  const status: OrderStatus = amountOverpaid > 0 ? 'overpaid' : isPaidEnough(order.amount, total, rules) ? 'paid' : 'partially_paid';
  if (status !== order.status) assertTransition(order.status, status);
  return { order: { status, amountPaid, amountOverpaid }, counted, excess, late: pastExpiry };
}

/** An open order whose payment is in flight is processing, so the expiry sweeper leaves it alone. */
export function statusOnPaymentProcessing(status: OrderStatus): OrderStatus {
  return status === 'open' || status === 'requires_action' ? 'processing' : status;
}

/** A processing order (or one waiting on a card's 3-D Secure) goes back to open when its last payment in flight ends without money. */
export function statusOnProcessingEnded(status: OrderStatus, othersInFlight: boolean): OrderStatus {
  return (status === 'processing' || status === 'requires_action') && !othersInFlight ? 'open' : status;
}
