import type { OrderStatus } from '../../domain/order-status.js';

/**
 * IC names five order statuses. An order is pending until its payments cover it, underpaid once money
 * arrived short of it (the guide's USDT case: the client then orders the rest), completed once covered,
 * and stays completed when refunded (IC documents no refunds); an open claim is under_dispute. IC has no
 * word for an order that failed or expired unpaid: cancelled, as a client that polls until a terminal
 * status expects.
 */
export const ORDER_STATUSES: Readonly<Record<OrderStatus, string>> = {
  open: 'pending',
  processing: 'pending',
  requires_action: 'pending',
  under_review: 'pending',
  partially_paid: 'underpaid',
  paid: 'completed',
  overpaid: 'completed',
  partially_refunded: 'completed',
  refunded: 'completed',
  disputed: 'under_dispute',
  failed: 'cancelled',
  canceled: 'cancelled',
  expired: 'cancelled',
};

/** The payment currencies IC takes, each with the rail that collects it. */
export const RAILS = { BRL: 'pix', ARS: 'ar_transfer_qr', USDT: 'usdt_trc20' } as const;
export type IcCurrency = keyof typeof RAILS;
