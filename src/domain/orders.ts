import type { Metadata } from './metadata.js';
import type { OrderStatus } from './order-status.js';

export const PAYMENT_METHODS = [
  'pix',
  'boleto',
  'card',
  'ar_transfer_qr',
  'usdt_trc20',
  'mb_way',
  'multibanco',
  'sepa_debit',
  'bank_transfer',
  'pay_via_bank',
  'ideal',
  'paypal',
  'multicaixa',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * The currencies a method's scheme moves money in, for the methods with no rail here (a rail's connectors
 * say theirs): MB WAY and SEPA move euros whoever offers them. A method absent from both takes any currency.
 */
export const SCHEME_CURRENCIES: Partial<Record<PaymentMethod, readonly string[]>> = {
  mb_way: ['EUR'],
  multibanco: ['EUR'],
  sepa_debit: ['EUR'],
  ideal: ['EUR'],
  multicaixa: ['AOA'],
};

export const LINE_ITEM_TYPES = ['product', 'travel', 'stay'] as const;
export const TRAVEL_TYPES = ['unknown', 'one_way', 'round_trip', 'multi_city'] as const;
export const CANCELLATION_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent', 'abandoned', 'other'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** What was bought: enough for risk screening, receipts and the travel/stay detail acquirers ask for. */
export interface LineItem {
  type: (typeof LINE_ITEM_TYPES)[number];
  description?: string;
  sku?: string;
  quantity?: number;
  /** Minor units of the order's currency, for one unit. */
  unit_amount?: number;
  categories?: string[];
  shipping_method?: string;
  travel?: {
    travel_type?: (typeof TRAVEL_TYPES)[number];
    departure?: string;
    destination?: string;
    destination_country?: string;
    departure_at?: string;
    return_at?: string | null;
    travelers?: number;
    carrier?: string;
    has_insurance?: boolean;
  };
  stay?: {
    room_range?: string;
    check_in?: string;
    check_out?: string;
  };
}

export interface Order {
  id: string;
  merchantId: string;
  livemode: boolean;
  status: OrderStatus;
  amount: number;
  currency: string;
  /** Every minor unit received from its succeeded payments, including what is owed back. */
  amountPaid: number;
  /** The part of amountPaid owed back to payers: beyond the amount, or late beyond the monitoring window. */
  amountOverpaid: number;
  amountRefunded: number;
  customerId: string | null;
  reference: string | null;
  description: string | null;
  metadata: Metadata;
  lineItems: LineItem[];
  /** null: every payment method the merchant has enabled. */
  paymentMethods: PaymentMethod[] | null;
  locale: string | null;
  redirectUrl: string | null;
  storeId: string | null;
  branchId: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  canceledAt: Date | null;
  cancellationReason: CancellationReason | null;
  expiredAt: Date | null;
  /** Its payments' ids, oldest first. */
  paymentIds: string[];
  /** Opens its hosted checkout page (/c/<key>) without an API key: random, carries nothing else. */
  checkoutKey: string;
}

/** Orders expire after a day unless the merchant says otherwise (a Pix charge's usual lifetime). */
export const DEFAULT_ORDER_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const MAX_ORDER_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;
