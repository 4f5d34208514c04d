import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId } from '../domain/ids.js';
import { feeFor } from '../domain/ledger.js';
import { SANDBOX_PROVIDER } from '../domain/payment-settings.js';
import type { Payment } from '../domain/payments.js';
import { findNotificationSecret, notificationSecret } from '../store/notification-secrets.sql.js';
import type { Queryable } from '../store/db.js';
import { findSandboxRefund, upsertSandboxRefund, type SandboxRefund } from '../store/refunds.sql.js';
import { findSandboxCharge, insertSandboxCharge, saveLockedSandboxCharge, type SandboxCharge } from '../store/sandbox.sql.js';
import {
  type Connector,
  type ConnectorContext,
  type CreateRequest,
  type InboundNotification,
  type ParsedNotification,
  type ProviderState,
  type QueryAnswer,
  type Received,
  type RefundAnswer,
} from './connector.js';
import { hmacSha256Hex, signatureMatches } from './signature.js';

/**
 * The sandbox provider every rail ships: a fake PSP that keeps its own records (sandbox_charges), answers
 * queries from them, and notifies the service through the same signed hook a real PSP uses
 * (POST /hooks/<rail>/sandbox). Each rail gives it its formats (src/rails/<rail>/sandbox.ts). The amount's
 * last two digits pick an outcome of create, and a refund's those of the refund, so every path can be tried
 * without a PSP (see MAGIC_CENTS); any other refund is sent at once.
 */
export const MAGIC_CENTS = {
  /** …05: the provider declines the charge; the payment fails. */
  declined: 5,
  /** …13: the provider records the charge but its answer times out; the payment is processing until a query. */
  timeout: 13,
  /** …14: the provider cannot be reached; nothing is created and the request answers 503. */
  unreachable: 14,
} as const;

export const SIGNATURE_HEADER = 'payorders-sandbox-signature';
/** How far a notification's signed timestamp may be from the clock: older ones are replays. */
const SIGNATURE_TOLERANCE_S = 300;

/** What a rail gives the sandbox: its method, prices and formats. */
export interface SandboxRailSpec {
  method: Connector['method'];
  currencies: readonly string[];
  fees: Connector['fees'];
  availableAfterMs: number;
  chargeLifetimeMs: number;
  newReference(ctx: ConnectorContext, request: CreateRequest): Promise<string>;
  /** The payer's instructions for a charge the sandbox accepted. */
  describe(ctx: ConnectorContext, request: CreateRequest, reference: string): Promise<ProviderState>;
  /** An id for a money movement, unique for the rail: a Pix end-to-end id. */
  newTransferId(now: Date): string;
}

export type SandboxAction = { type: 'pay'; amount: number } | { type: 'fail' };

export interface SandboxConnector extends Connector {
  /**
   * What a payer would do at the sandbox: pay (any amount, even late) or have it fail; answers the signed
   * notification. `charge` is the sandbox's record of the payment's charge, which the caller holds locked.
   */
  simulate(ctx: ConnectorContext, payment: Payment, action: SandboxAction, charge: SandboxCharge | null): Promise<InboundNotification>;
}

interface NotificationBody {
  id: string;
  type: 'charge.paid' | 'charge.failed';
  merchant: string;
  created: number;
  data: { method: string; reference: string; amount: number; fee: number; transfer_id: string | null; paid_at: string | null; payer: Record<string, unknown> | null };
}

const SANDBOX_PAYER = { name: 'Fulano de Tal', tax_id: '***.456.789-**', bank: 'Sandbox Bank' };

export function sandboxConnector(spec: SandboxRailSpec): SandboxConnector {
  const received = (charge: SandboxCharge): Received => ({
    amount: charge.amountPaid!,
    fee: feeFor(spec.fees, charge.amountPaid!),
    providerEventId: charge.transferId!,
    paidAt: charge.updatedAt,
    metadata: { transfer_id: charge.transferId, payer: charge.payer },
  });

  return {
    method: spec.method,
    provider: SANDBOX_PROVIDER,
    live: false,
    currencies: spec.currencies,
    fees: spec.fees,
    availableAfterMs: spec.availableAfterMs,
    chargeLifetimeMs: spec.chargeLifetimeMs,
    reconcileBackoffMs: [5_000, 30_000, 120_000, 600_000],

    async create(ctx, request) {
      const reference = await spec.newReference(ctx, request);
      const cents = request.amount % 100;
      if (cents === MAGIC_CENTS.unreachable) return { outcome: 'not_sent', reference, message: 'The sandbox is unreachable for amounts ending in 14' };
      if (cents === MAGIC_CENTS.declined) {
        return { outcome: 'declined', reference, failure: { code: 'declined', message: 'The sandbox declines amounts ending in 05' } };
      }
      await insertSandboxCharge(ctx.db, {
        merchantId: ctx.merchantId,
        method: spec.method,
        reference,
        amount: request.amount,
        expiresAt: request.expiresAt,
        createdAt: ctx.clock.now(),
      });
      // Recorded, but the answer is "lost": only a query will tell the service the charge exists.
      if (cents === MAGIC_CENTS.timeout) return { outcome: 'unknown', reference, message: 'The sandbox times out for amounts ending in 13' };
      return { outcome: 'pending', reference, ...(await spec.describe(ctx, request, reference)) };
    },

    async query(ctx, payment): Promise<QueryAnswer> {
      const charge = await findSandboxCharge(ctx.db, ctx.merchantId, spec.method, payment.providerReference ?? '');
      if (!charge) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The sandbox has no such charge' } };
      if (charge.status === 'paid') return { outcome: 'succeeded', received: received(charge) };
      if (charge.status === 'failed') return { outcome: 'declined', failure: { code: 'payment_failed', message: 'The payment failed at the sandbox' } };
      if (charge.status === 'canceled') return { outcome: 'declined', failure: { code: 'canceled', message: 'The charge was canceled' } };
      if (charge.expiresAt && charge.expiresAt.getTime() <= ctx.clock.now().getTime()) {
        return { outcome: 'declined', expired: true, failure: { code: 'expired', message: 'The charge expired unpaid' } };
      }
      const asked = payment.providerData.request as Pick<CreateRequest, 'reference' | 'description' | 'payer'>;
      const request = { ...asked, paymentId: payment.id, amount: payment.amount, currency: payment.currency, expiresAt: charge.expiresAt! };
      return { outcome: 'pending', ...(await spec.describe(ctx, request, charge.reference)) };
    },

    async cancel(ctx, payment) {
      const charge = await findSandboxCharge(ctx.db, ctx.merchantId, spec.method, payment.providerReference ?? '', true);
      if (charge?.status === 'paid') return { outcome: 'declined', failure: { code: 'already_paid', message: 'The charge was already paid' } };
      if (charge?.status === 'active') await saveLockedSandboxCharge(ctx.db, { ...charge, status: 'canceled', updatedAt: ctx.clock.now() });
      return { outcome: 'succeeded' };
    },

    async refund(ctx, payment, request) {
      const cents = request.amount % 100;
      if (cents === MAGIC_CENTS.unreachable) return { outcome: 'not_sent', message: 'The sandbox is unreachable for refunds ending in 14' };
      if (cents === MAGIC_CENTS.declined) return { outcome: 'declined', failure: { code: 'declined', message: 'The sandbox declines refunds ending in 05' } };
      const sent = await upsertSandboxRefund(ctx.db, {
        merchantId: ctx.merchantId,
        method: spec.method,
        reference: request.reference,
        charge: payment.providerReference ?? '',
        amount: request.amount,
        transferId: spec.newTransferId(ctx.clock.now()),
        createdAt: ctx.clock.now(),
      });
      // Sent, but the answer is "lost": only a query will tell the service the refund went out.
      if (cents === MAGIC_CENTS.timeout) return { outcome: 'unknown', message: 'The sandbox times out for refunds ending in 13' };
      return refundSent(sent);
    },

    async queryRefund(ctx, _payment, request) {
      const sent = await findSandboxRefund(ctx.db, ctx.merchantId, spec.method, request.reference);
      return sent ? refundSent(sent) : { outcome: 'declined', failure: { code: 'refund_not_found', message: 'The sandbox has no such refund' } };
    },

    async simulate(ctx, payment, action, held) {
      const now = ctx.clock.now();
      const paid = action.type === 'pay';
      if (!held) throw new AppError('conflict', 'The sandbox has no charge for this payment (it was never created there)');
      // A failed or canceled charge can still be paid (money arrives late, and is recorded); a paid one cannot.
      if (held.status === 'paid' || (!paid && held.status !== 'active')) {
        throw new AppError('conflict', `The sandbox charge of this payment is ${held.status}: it can no longer be ${paid ? 'paid' : 'failed'}`);
      }
      const charge = {
        ...held,
        status: paid ? ('paid' as const) : ('failed' as const),
        amountPaid: paid ? action.amount : null,
        transferId: paid ? spec.newTransferId(now) : null,
        payer: paid ? SANDBOX_PAYER : null,
        updatedAt: now,
      };
      await saveLockedSandboxCharge(ctx.db, charge);
      const body: NotificationBody = {
        id: randomUUID(),
        type: paid ? 'charge.paid' : 'charge.failed',
        merchant: encodeId('merchant', ctx.merchantId),
        created: Math.floor(now.getTime() / 1000),
        data: {
          method: spec.method,
          reference: charge.reference,
          amount: charge.amountPaid ?? 0,
          fee: paid ? feeFor(spec.fees, action.amount) : 0,
          transfer_id: charge.transferId,
          paid_at: paid ? now.toISOString() : null,
          payer: charge.payer,
        },
      };
      return signedSandboxNotification(ctx.db, ctx.merchantId, body, now);
    },

    async parseNotification(ctx, notification): Promise<ParsedNotification | null> {
      const body = parseBody(notification.rawBody);
      const merchantId = body && decodeId('merchant', body.merchant);
      if (!body || !merchantId || body.data.method !== spec.method) return null;
      const verified = await verifiedWithKnownSecret(ctx.db, merchantId, notification, ctx.clock.now());
      const { reference } = body.data;
      const change =
        body.type === 'charge.failed'
          ? { action: 'failed' as const, reference, failure: { code: 'payment_failed', message: 'The payment failed at the sandbox' } }
          : {
              action: 'paid' as const,
              reference,
              received: {
                amount: body.data.amount,
                fee: body.data.fee,
                providerEventId: body.data.transfer_id!,
                paidAt: new Date(body.data.paid_at!),
                metadata: { transfer_id: body.data.transfer_id, payer: body.data.payer },
              },
            };
      return { merchantId, livemode: false, verified, changes: [change] };
    },
  };
}

/** A sandbox notification of `body` to the merchant, signed as every sandbox rail signs (see signatureHeader). */
export async function signedSandboxNotification(db: Queryable, merchantId: string, body: unknown, now: Date): Promise<InboundNotification> {
  const rawBody = Buffer.from(JSON.stringify(body));
  const secret = knownSecrets.get(merchantId) ?? (await notificationSecret(db, merchantId, false, SANDBOX_PROVIDER, now));
  return { rawBody, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader(secret, rawBody, now) }, query: {} };
}

/** A refund the sandbox sent: at once, as a Pix devolução or an instant transfer is. */
const refundSent = (sent: SandboxRefund): RefundAnswer => ({ outcome: 'succeeded', metadata: { transfer_id: sent.transferId } });

/**
 * The sandbox's signing secrets this node has verified with, by merchant (test mode only): a secret never
 * changes once made, so each node reads it once instead of twice per payment (sign, verify). One read
 * inside a transaction that made it and then rolled back is not the one kept: a signature it does not
 * verify is checked against the database before it is refused, which replaces it.
 */
const knownSecrets = new Map<string, Buffer>();
const MAX_KNOWN_SECRETS = 10_000;

export async function verifiedWithKnownSecret(db: Queryable, merchantId: string, notification: InboundNotification, now: Date): Promise<boolean> {
  const known = knownSecrets.get(merchantId);
  if (known && verifySignature(known, notification, now)) return true;
  const secret = await findNotificationSecret(db, merchantId, false, SANDBOX_PROVIDER);
  if (!secret || !verifySignature(secret, notification, now)) return false;
  if (knownSecrets.size >= MAX_KNOWN_SECRETS) knownSecrets.clear();
  knownSecrets.set(merchantId, secret);
  return true;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as Stripe signs: the timestamp is signed too. */
export function signatureHeader(secret: Buffer, rawBody: Buffer, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${t}.`), rawBody]))}`;
}

function verifySignature(secret: Buffer, notification: InboundNotification, now: Date): boolean {
  const header = notification.headers[SIGNATURE_HEADER];
  if (typeof header !== 'string') return false;
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isSafeInteger(t) || !v1 || Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_S) return false;
  return signatureMatches(hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${t}.`), notification.rawBody])), v1);
}

/** The sandbox's notification, or null for a body of any other shape: nothing unrecognised is paid. */
function parseBody(raw: Buffer): NotificationBody | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  const b = body as Partial<NotificationBody> | null;
  const d = b?.data;
  if (!b || typeof b.merchant !== 'string' || (b.type !== 'charge.paid' && b.type !== 'charge.failed') || !d) return null;
  if (typeof d.method !== 'string' || typeof d.reference !== 'string') return null;
  if (b.type === 'charge.paid') {
    if (!Number.isSafeInteger(d.amount) || d.amount! <= 0 || !Number.isSafeInteger(d.fee) || d.fee! < 0 || typeof d.transfer_id !== 'string') return null;
    if (typeof d.paid_at !== 'string' || Number.isNaN(Date.parse(d.paid_at))) return null;
  }
  return b as NotificationBody;
}
