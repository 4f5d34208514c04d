import type { OrderStatus } from '../../domain/order-status.js';

export const GLOMOPAY_STATUSES = ['active', 'paid', 'failed', 'action_required', 'under_review', 'expired'] as const;
export type GlomopayStatus = (typeof GLOMOPAY_STATUSES)[number];

/**
 * Canonical order status → Glomopay's (the seed's enum). Glomopay has no refunded order (refunds are their
 * own objects), so a refunded order stays `paid`. Glomopay cannot cancel an order through its API; one
 * canceled through /v1 or another face can no longer be paid, which the seed's words call `expired`.
 */
export const GLOMOPAY_ORDER_STATUS: Readonly<Record<OrderStatus, GlomopayStatus>> = {
  open: 'active',
  processing: 'active',
  requires_action: 'action_required',
  under_review: 'under_review',
  partially_paid: 'active',
  paid: 'paid',
  overpaid: 'paid',
  partially_refunded: 'paid',
  refunded: 'paid',
  disputed: 'paid',
  failed: 'failed',
  canceled: 'expired',
  expired: 'expired',
};

/** The canonical statuses a Glomopay status filter stands for. */
export function canonicalStatuses(status: GlomopayStatus): OrderStatus[] {
  return (Object.keys(GLOMOPAY_ORDER_STATUS) as OrderStatus[]).filter((canonical) => GLOMOPAY_ORDER_STATUS[canonical] === status);
}

/**
 * An order's Glomopay status: the mapping's, except that an order held for review while documents are still
 * asked of the merchant is `action_required` (Glomopay's RFI: the merchant must act), and `under_review`
 * once they are all in.
 */
export function glomopayStatus(status: OrderStatus, documentsAsked: number): GlomopayStatus {
  return status === 'under_review' && documentsAsked > 0 ? 'action_required' : GLOMOPAY_ORDER_STATUS[status];
}
