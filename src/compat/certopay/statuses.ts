import type { OrderStatus } from '../../domain/order-status.js';
import type { PaymentStatus } from '../../domain/payments.js';

/**
 * CertoPay knows four order statuses. An order is PAID once its payments cover it, and stays PAID when
 * refunded or disputed (CertoPay reports those on the transaction); nothing left to pay is CANCELLED.
 */
export const ORDER_STATUSES: Readonly<Record<OrderStatus, string>> = {
  open: 'PENDING',
  processing: 'PENDING',
  requires_action: 'PENDING',
  under_review: 'PENDING',
  partially_paid: 'PENDING',
  paid: 'PAID',
  overpaid: 'PAID',
  partially_refunded: 'PAID',
  refunded: 'PAID',
  disputed: 'PAID',
  failed: 'CANCELLED',
  canceled: 'CANCELLED',
  expired: 'EXPIRED',
};

/** A transaction's status: PAID for a Pix or boleto that was paid (a card's would be CAPTURED). */
export const PAYMENT_STATUSES: Readonly<Record<PaymentStatus, string>> = {
  pending: 'PENDING',
  processing: 'PENDING',
  requires_action: 'PENDING',
  requires_capture: 'AUTHORIZED',
  succeeded: 'PAID',
  failed: 'REFUSED',
  canceled: 'CANCELLED',
  expired: 'EXPIRED',
};

/** A card's transaction: authorised and captured in one step is CAPTURED, a decline REFUSED. */
export const CARD_PAYMENT_STATUSES: Readonly<Record<PaymentStatus, string>> = { ...PAYMENT_STATUSES, succeeded: 'CAPTURED' };

/** A payment method as CertoPay writes it. */
export const METHOD_WORDS: Readonly<Record<string, string>> = { pix: 'PIX', boleto: 'BOLETO', card: 'CARD' };
