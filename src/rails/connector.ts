import type { TSchema } from '@sinclair/typebox';
import type { Clock } from '../clock.js';
import type { FeeSchedule } from '../domain/ledger.js';
import type { PaymentMethod } from '../domain/orders.js';
import type { RailAccount } from '../domain/payment-settings.js';
import type { Instructions, Payment } from '../domain/payments.js';
import type { Queryable } from '../store/db.js';

/**
 * One interface for every rail and provider: a method per flow (create, query, cancel, refund, and the
 * notification parser). Each flow answers one of five outcomes, after Kill Bill's:
 * - succeeded: done (money received, a charge canceled);
 * - pending: accepted, waiting for the payer;
 * - declined: refused; final;
 * - not_sent: never reached the provider, so nothing happened and a retry is safe;
 * - unknown: may have happened (a timeout): only a later query can tell.
 * Services call connectors; connectors never call services.
 */
export type FlowOutcome = 'succeeded' | 'pending' | 'declined' | 'not_sent' | 'unknown';

export interface Failure {
  code: string;
  message: string;
}

/** Money the provider says arrived: the amount, its fee and the id of the movement, which dedupes it. */
export interface Received {
  amount: number;
  fee: number;
  /** Unique per provider and merchant: a Pix end-to-end id. A callback and a query that saw the same money agree on it. */
  providerEventId: string;
  /** When the payer paid, by the provider's clock: lateness is judged by it, not by when we heard. */
  paidAt: Date;
  metadata: Record<string, unknown>;
}

/** What a connector may use: the store (the sandbox keeps its records there), the clock, the merchant's account. */
export interface ConnectorContext {
  db: Queryable;
  clock: Clock;
  merchantId: string;
  livemode: boolean;
  account: RailAccount;
  /** The service's public URL of one of the payment's documents (its QR image, its PDF). */
  documentUrl(paymentId: string, document: string): string;
}

export interface CreateRequest {
  paymentId: string;
  amount: number;
  currency: string;
  expiresAt: Date;
  /** The order's reference and description, for the payer's statement. */
  reference: string | null;
  description: string | null;
  /** Who pays, when the order names a customer; boletos print it. */
  payer: { name: string | null; taxId: string | null } | null;
  /** A card charge's terms (the card rail only). */
  card?: CardChargeRequest;
}

/** How a card is charged: the acquirer's reference of the card (a token's or a saved card's) and the charge's terms. */
export interface CardChargeRequest {
  cardReference: string;
  /** manual: authorise only (a pre-authorisation), captured later. */
  captureMethod: 'automatic' | 'manual';
  installments: number;
  /** No payer present: a saved card charged by the merchant (no 3-D Secure unless the card demands it). */
  merchantInitiated: boolean;
  /** The card is being saved with this charge: its first use. */
  saving: boolean;
  /** Where a 3-D Secure challenge sends the payer back to. */
  returnUrl: string | null;
}

/** What the payer must do before a card charge goes on: a 3-D Secure challenge at this URL. */
export interface NextAction {
  type: 'redirect';
  url: string;
}

/** The provider's view of a payment, as create or query left it. */
export interface ProviderState {
  instructions?: Instructions;
  metadata?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

export type CreateAnswer = ProviderState & {
  /** Chosen before the call (a txid, a nosso número), so a query can find the charge even after a timeout. */
  reference: string;
} & (
    | { outcome: 'pending' }
    | { outcome: 'declined'; failure: Failure }
    | { outcome: 'not_sent' | 'unknown'; message: string }
    /** Cards: charged at once (capture automatic). */
    | { outcome: 'succeeded'; received: Received }
    /** Cards: authorised and held, to be captured (capture manual). */
    | { outcome: 'authorized' }
    /** Cards: 3-D Secure first; the outcome arrives as a notification. */
    | { outcome: 'requires_action'; nextAction: NextAction }
  );

export type QueryAnswer = ProviderState &
  (
    | { outcome: 'succeeded'; received: Received }
    | { outcome: 'pending' }
    /** `expired`: the charge lapsed unpaid (the payment expires rather than fails). */
    | { outcome: 'declined'; failure: Failure; expired?: boolean }
    | { outcome: 'not_sent' | 'unknown'; message: string }
  );

export type CancelAnswer = { outcome: 'succeeded' } | { outcome: 'declined'; failure: Failure } | { outcome: 'not_sent' | 'unknown'; message: string };

/** What the provider's callback says happened to one of its charges. `ignored`: nothing to apply, but a charge it names is queried. */
export type NotifiedChange =
  | { action: 'paid'; reference: string; received: Received }
  /** A card authorised once its 3-D Secure challenge passed (capture manual): held, not yet money. */
  | { action: 'authorized'; reference: string }
  | { action: 'failed'; reference: string; failure: Failure }
  | { action: 'expired'; reference: string }
  | { action: 'ignored'; reference: string | null }
  /** A refund the provider names by our reference changed there (a Pix devolução): only ever a hint to query it. */
  | { action: 'refund_changed'; reference: string | null; refundReference: string };

export interface InboundNotification {
  /** Exactly the bytes received: signatures are over these, never over re-serialized JSON. */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  /** The URL's path after /hooks/<rail>/<provider>/, when there is more: a provider's callback URL may name the merchant and carry a secret. */
  path?: string;
}

export interface ParsedNotification {
  /** Who the notification claims to be for; trusted only when `verified`. */
  merchantId: string;
  livemode: boolean;
  /** The signature checked out. An unverified notification only makes the service ask the provider (query). */
  verified: boolean;
  changes: NotifiedChange[];
}

export interface Connector {
  method: PaymentMethod;
  provider: string;
  /** May take live payments; the sandbox may not. */
  live: boolean;
  currencies: readonly string[];
  fees: FeeSchedule;
  /** How long after confirmation the provider pays the merchant out: 0 for at once. */
  availableAfterMs: number;
  /** How long a charge may be paid for, at most. */
  chargeLifetimeMs: number;
  /**
   * The payer can pay the same instructions again (a deposit address takes any number of transfers): each further
   * movement the provider reports adds to the payment that already succeeded, instead of being a repeat to ignore.
   */
  paidAgain?: boolean;
  /** Waits between reconciliation queries of a payment whose outcome is unknown; the last repeats. */
  reconcileBackoffMs: readonly number[];
  create(ctx: ConnectorContext, request: CreateRequest): Promise<CreateAnswer>;
  query(ctx: ConnectorContext, payment: Payment): Promise<QueryAnswer>;
  cancel(ctx: ConnectorContext, payment: Payment): Promise<CancelAnswer>;
  /**
   * Sends `request.amount` of a succeeded payment back to the payer. The service records the refund (and
   * reserves its amount) before calling, with no transaction open while the provider answers; `unknown`
   * is settled by queryRefund, which finds the refund by `request.reference`.
   */
  refund(ctx: ConnectorContext, payment: Payment, request: RefundRequest): Promise<RefundAnswer>;
  /** The provider's view of a refund refund() was asked for: the reconciliation of an `unknown` or `pending` one. */
  queryRefund(ctx: ConnectorContext, payment: Payment, request: RefundRequest): Promise<RefundAnswer>;
  /**
   * Connectors whose refunds the merchant sends itself (requires_action: USDT): the transaction id the
   * merchant records, normalized, or null when it is not one. Absent: the provider sends the refund.
   */
  refundTransactionHash?(hash: string): string | null;
  /** With refundTransactionHash: a recorded transaction not seen on the chain this long after it was recorded fails the refund. */
  refundTransactionWindowMs?: number;
  /** Null when the body is not this provider's notification at all. */
  parseNotification(ctx: { db: Queryable; clock: Clock }, notification: InboundNotification): Promise<ParsedNotification | null>;
}

/** A document of a payment the service serves (a QR image, a boleto PDF), rendered from the stored payment. */
export interface PaymentDocument {
  name: string;
  contentType: string;
  summary: string;
  render(payment: Payment): Promise<Buffer | string>;
}

/** A rail: its method, the account a merchant sets up for it, its connectors and its documents. */
export interface Rail {
  method: PaymentMethod;
  /** The settings body of the rail's account (without `provider`), as /v1/settings/payments takes it. */
  accountSchema: TSchema;
  /** Checks an account the merchant sent and returns it normalized; errors name fields under /<method>. */
  checkAccount(account: RailAccount, livemode: boolean): RailAccount;
  /** The account test mode starts with, on the sandbox provider. */
  sandboxAccount(merchantId: string): RailAccount;
  connectors: Connector[];
  documents: PaymentDocument[];
  /**
   * Rails whose refunds go to an account the payer gives (boleto, transfer QR, USDT): checks and normalizes
   * it, errors naming fields under /destination. Absent: the rail refunds along the payment, and a
   * destination is refused.
   */
  checkRefundDestination?(destination: unknown): RefundDestination;
}

/**
 * Where a refund's money goes when the rail cannot send it back along the payment (a boleto, a transfer
 * QR, a chain): the payer's account, given on the refund and checked by the rail (Rail.checkRefundDestination).
 */
export type RefundDestination =
  | {
      type: 'br_bank_account';
      /** The bank's COMPE code (3 digits) */
      bankCode: string;
      branch: string;
      /** The account number with its check digit, digits only. */
      account: string;
      accountType: 'checking' | 'savings';
      holderName: string;
      /** The holder's CPF or CNPJ, digits only. */
      holderTaxId: string;
    }
  | { type: 'ar_bank_account'; cbu: string; holderName: string; holderTaxId: string }
  | { type: 'trc20_address'; address: string };

export interface RefundRequest {
  refundId: string;
  /**
   * Chosen by the service before the first call, 32 letters and digits (a Pix devolução id): asking again
   * or querying with it names the same refund, so a timeout never becomes a second refund.
   */
  reference: string;
  /** In minor units of the payment's currency; never more than what remains unrefunded of it. */
  amount: number;
  currency: string;
  reason: string | null;
  /** Set when the rail takes one (checkRefundDestination); null for rails that refund along the payment (card, Pix). */
  destination: RefundDestination | null;
  /** What the merchant recorded as sent, for a refund the merchant sends itself (USDT): the transaction hash. */
  transactionHash: string | null;
  /** The connector's own state of this refund, from an earlier answer. */
  data: Record<string, unknown>;
}

/** What the merchant must do for a refund the service cannot send itself (it holds no USDT key). */
export interface RefundAction {
  type: 'send_transaction';
  /** What to send and where, shown as is. */
  details: Record<string, unknown>;
}

/**
 * A refund's outcome, the five of every flow plus two: `requires_action` (the merchant sends the money and
 * records it) and `not_supported` (the rail or provider cannot refund; nothing was sent). `succeeded`: the
 * money left (a Pix DEVOLVIDO, an acquirer's refund); `pending`: accepted, not yet settled.
 */
export type RefundAnswer = {
  /** Shown to the merchant: the provider's refund id, an end-to-end id, a transaction hash. */
  metadata?: Record<string, unknown>;
  data?: Record<string, unknown>;
} & (
  | { outcome: 'succeeded' | 'pending' }
  | { outcome: 'requires_action'; action: RefundAction }
  | { outcome: 'declined'; failure: Failure }
  | { outcome: 'not_sent' | 'unknown'; message: string }
  | { outcome: 'not_supported' }
);

/** For connectors that cannot refund: nothing is sent, and the service refuses the refund (refund_not_supported). */
export const refundNotSupported = async (): Promise<RefundAnswer> => ({ outcome: 'not_supported' });
