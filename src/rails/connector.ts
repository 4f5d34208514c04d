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
} & ({ outcome: 'pending' } | { outcome: 'declined'; failure: Failure } | { outcome: 'not_sent' | 'unknown'; message: string });

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
  | { action: 'failed'; reference: string; failure: Failure }
  | { action: 'expired'; reference: string }
  | { action: 'ignored'; reference: string | null };

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
  /** Waits between reconciliation queries of a payment whose outcome is unknown; the last repeats. */
  reconcileBackoffMs: readonly number[];
  create(ctx: ConnectorContext, request: CreateRequest): Promise<CreateAnswer>;
  query(ctx: ConnectorContext, payment: Payment): Promise<QueryAnswer>;
  cancel(ctx: ConnectorContext, payment: Payment): Promise<CancelAnswer>;
  /** Refunds arrive with the cards-and-refunds work; until then every connector declines to try. */
  refund(ctx: ConnectorContext, payment: Payment, amount: number): Promise<{ outcome: 'not_supported' }>;
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
}

export const refundNotSupported = async (): Promise<{ outcome: 'not_supported' }> => ({ outcome: 'not_supported' });
