import type { OrderStatus } from '../../domain/order-status.js';
import type { PaymentStatus } from '../../domain/payments.js';

/**
 * Canonical order status → Paybyrd's order status (lower case; its clients compare the words exactly).
 * Paybyrd's `pending` is "a payment in progress, not concluded": everything between created and paid.
 * A partly refunded order stays `paid` (Paybyrd's `refunded` tells plugins the whole order was given back;
 * `refundedAmount` says how much); a failed order can take no further payment, which Paybyrd calls `canceled`.
 */
export const PAYBYRD_ORDER_STATUS: Readonly<Record<OrderStatus, string>> = {
  open: 'created',
  processing: 'pending',
  requires_action: 'pending',
  under_review: 'pending',
  partially_paid: 'pending',
  paid: 'paid',
  overpaid: 'paid',
  partially_refunded: 'paid',
  refunded: 'refunded',
  disputed: 'paid',
  failed: 'canceled',
  canceled: 'canceled',
  expired: 'expired',
};

/** Canonical payment status → Paybyrd's transaction status (PascalCase, compared exactly by its clients). */
export const PAYBYRD_TRANSACTION_STATUS: Readonly<Record<PaymentStatus, string>> = {
  pending: 'Processing',
  processing: 'Processing',
  requires_action: 'Processing',
  requires_capture: 'Success',
  succeeded: 'Success',
  failed: 'Denied',
  canceled: 'Canceled',
  expired: 'Canceled',
};
