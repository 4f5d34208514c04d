import type { ArTransferQrConfig } from '../../config.js';
import { decodeId } from '../../domain/ids.js';
import {
  type CancelAnswer,
  type Connector,
  type ConnectorContext,
  type NotifiedChange,
  type QueryAnswer,
  type Received,
  type RefundAnswer,
} from '../connector.js';
import { decimalOf, minorUnitsOf, type ProviderAnswer } from '../provider-api.js';
import { hmacSha256Hex, signatureMatches } from '../signature.js';
import type { ArQrAccount } from './account.js';
import { ArQrFormatError } from './errors.js';
import { AR_QR_LIFETIME_MS, arQrInstructions } from './instructions.js';
import { newArQrReference } from './sandbox.js';

/**
 * A PSP (acquirer or wallet) that issues transfer QRs on its scheme registration and tells us of the transfers
 * that pay them. Argentina has no common API for this, as Brazil has API Pix, so this is the seam a PSP's
 * adapter fills, in the shape most of them take: an order per payment, named by our reference (the
 * Idempotency-Key, so a retried create is one order), its payload from the PSP, queried and cancelled by
 * reference, and signed callbacks to `<PUBLIC_BASE_URL>/hooks/ar_transfer_qr/ar_psp_api?merchant=mer_…&livemode=true`:
 *
 *   POST /v1/transfer-qr/orders {reference, amount "1234.56", currency "ARS", cbu, expires_at} → 201 {reference, status, qr_payload}
 *   GET  /v1/transfer-qr/orders/{reference} → {status: pending|paid|expired|canceled, qr_payload, transfer?}
 *   POST /v1/transfer-qr/orders/{reference}/cancel → 200, or 409 when already paid
 *   POST /v1/transfer-qr/orders/{reference}/refunds {reference, amount, currency, cbu, holder_name, holder_tax_id}
 *     (Idempotency-Key: the refund's reference) → 201 {reference, status: succeeded|pending|failed, transfer_id?, reason?}
 *   GET  /v1/transfer-qr/orders/{reference}/refunds/{refund reference} → the same, 404 when never received
 *   callback {"event": "transfer.received", "data": {reference, transfer: {id, amount, paid_at, payer}}},
 *     `x-psp-signature: sha256=<hex HMAC-SHA256 of the body>` with PAYORDERS_AR_QR_API_WEBHOOK_SECRET
 *
 * An unsigned or badly signed callback only makes the reconciliation job ask GET for the order.
 */
export const AR_PSP_PROVIDER = 'ar_psp_api';
export const AR_PSP_SIGNATURE_HEADER = 'x-psp-signature';

interface PspTransfer {
  id: string;
  amount: string;
  paid_at: string;
  payer?: Record<string, unknown>;
}

interface PspOrder {
  reference: string;
  status: 'pending' | 'paid' | 'expired' | 'canceled';
  qr_payload?: string;
  transfer?: PspTransfer;
}

interface PspRefund {
  reference: string;
  status: 'succeeded' | 'pending' | 'failed';
  transfer_id?: string;
  reason?: string;
}

function pspRefundAnswer(refund: PspRefund | null): RefundAnswer {
  const metadata = { transfer_id: refund?.transfer_id ?? null };
  if (refund?.status === 'succeeded' || refund?.status === 'pending') return { outcome: refund.status, metadata };
  if (refund?.status === 'failed') return { outcome: 'declined', failure: { code: 'refund_failed', message: String(refund.reason ?? 'The PSP could not send the transfer').slice(0, 500) } };
  return { outcome: 'unknown', message: 'the PSP answered a refund this connector cannot read' };
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function received(transfer: PspTransfer | undefined, reference: string): Received | null {
  const amount = minorUnitsOf(transfer?.amount);
  if (!transfer || amount === null || amount <= 0 || typeof transfer.id !== 'string' || Number.isNaN(Date.parse(transfer.paid_at))) return null;
  // The PSP's tariff is the merchant's contract with it, outside this ledger.
  return { amount, fee: 0, providerEventId: transfer.id, paidAt: new Date(transfer.paid_at), metadata: { reference, transfer_id: transfer.id, payer: transfer.payer ?? null } };
}

export function arPspConnector(config: NonNullable<ArTransferQrConfig['api']>, fetchImpl: typeof fetch = fetch): Connector {
  async function send(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ProviderAnswer> {
    try {
      const res = await fetchImpl(`${config.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { sent: true, status: res.status, body: parsed };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code && NOT_SENT.has(code)) return { sent: false, outcome: 'not_sent', message: `the PSP could not be reached (${code})` };
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      return { sent: false, outcome: 'unknown', message: timedOut ? `the PSP did not answer within ${config.timeoutMs} ms` : 'the connection to the PSP failed' };
    }
  }

  /** The payer's instructions from the PSP's payload, or null when it gave none that parses as a transfer QR. */
  function instructionsOf(ctx: ConnectorContext, paymentId: string, order: PspOrder, expiresAt: Date) {
    if (typeof order.qr_payload !== 'string') return null;
    try {
      return arQrInstructions(ctx, paymentId, { emv: order.qr_payload, reference: order.reference, expiresAt });
    } catch (error) {
      if (error instanceof ArQrFormatError) return null;
      throw error;
    }
  }

  return {
    method: 'ar_transfer_qr',
    provider: AR_PSP_PROVIDER,
    live: true,
    currencies: ['ARS'],
    fees: { basisPoints: 0, fixed: 0 },
    availableAfterMs: 0,
    chargeLifetimeMs: AR_QR_LIFETIME_MS,
    reconcileBackoffMs: [10_000, 60_000, 300_000, 1_800_000],

    async create(ctx, request) {
      const reference = newArQrReference();
      const account = ctx.account as unknown as ArQrAccount;
      const body = { reference, amount: decimalOf(request.amount), currency: 'ARS', cbu: account.cbu, expires_at: request.expiresAt.toISOString() };
      const res = await send('POST', '/v1/transfer-qr/orders', body, reference);
      if (!res.sent) return { outcome: res.outcome, reference, message: res.message };
      if (res.status >= 500) return { outcome: 'unknown', reference, message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) {
        return { outcome: 'declined', reference, failure: { code: `psp_${res.status}`, message: String(res.body?.message ?? `the PSP answered HTTP ${res.status}`).slice(0, 500) } };
      }
      const shown = instructionsOf(ctx, request.paymentId, res.body as PspOrder, request.expiresAt);
      if (!shown) return { outcome: 'unknown', reference, message: 'the PSP answered without a valid transfer QR payload' };
      return { outcome: 'pending', reference, ...shown };
    },

    async query(ctx, payment): Promise<QueryAnswer> {
      const res = await send('GET', `/v1/transfer-qr/orders/${payment.providerReference}`);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The PSP has no such order' } };
      if (res.status >= 400) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      const order = res.body as PspOrder;
      if (order.status === 'paid') {
        const money = received(order.transfer, payment.providerReference!);
        return money ? { outcome: 'succeeded', received: money } : { outcome: 'unknown', message: 'the PSP says paid but names no valid transfer' };
      }
      if (order.status === 'expired') return { outcome: 'declined', expired: true, failure: { code: 'expired', message: 'The order expired unpaid' } };
      if (order.status === 'canceled') return { outcome: 'declined', failure: { code: 'canceled', message: 'The order was canceled' } };
      if (order.status !== 'pending') return { outcome: 'unknown', message: 'the PSP answered a status this connector does not know' };
      return { outcome: 'pending', ...(instructionsOf(ctx, payment.id, order, payment.expiresAt!) ?? {}) };
    },

    async cancel(_ctx, payment): Promise<CancelAnswer> {
      const res = await send('POST', `/v1/transfer-qr/orders/${payment.providerReference}/cancel`, {});
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status >= 500) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      if (res.status === 409) return { outcome: 'declined', failure: { code: 'already_paid', message: 'The PSP says the order was paid' } };
      if (res.status >= 400 && res.status !== 404) return { outcome: 'declined', failure: { code: `psp_${res.status}`, message: `the PSP answered HTTP ${res.status}` } };
      return { outcome: 'succeeded' };
    },

    // A transfer back to the account the payer gave, by the PSP that received the money; our reference dedupes it.
    async refund(_ctx, payment, request) {
      const to = request.destination?.type === 'ar_bank_account' ? request.destination : null;
      if (!to) return { outcome: 'declined', failure: { code: 'destination_required', message: 'An ar_transfer_qr refund needs the payer\'s CBU or CVU' } };
      const body = { reference: request.reference, amount: decimalOf(request.amount), currency: 'ARS', cbu: to.cbu, holder_name: to.holderName, holder_tax_id: to.holderTaxId };
      const res = await send('POST', `/v1/transfer-qr/orders/${payment.providerReference}/refunds`, body, request.reference);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status >= 500) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', failure: { code: `psp_${res.status}`, message: String(res.body?.message ?? `the PSP answered HTTP ${res.status}`).slice(0, 500) } };
      return pspRefundAnswer(res.body as PspRefund);
    },

    async queryRefund(_ctx, payment, request) {
      const res = await send('GET', `/v1/transfer-qr/orders/${payment.providerReference}/refunds/${request.reference}`);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      // Never received: nothing was sent back, and the refund's amount is free again.
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'refund_not_found', message: 'The PSP has no such refund' } };
      if (res.status >= 400) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      return pspRefundAnswer(res.body as PspRefund);
    },

    async parseNotification(_ctx, notification) {
      const merchantId = decodeId('merchant', notification.query.merchant ?? '');
      let body: { event?: unknown; data?: { reference?: unknown; transfer?: PspTransfer } };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      if (!merchantId || body?.event !== 'transfer.received' || typeof body.data?.reference !== 'string') return null;
      const header = notification.headers[AR_PSP_SIGNATURE_HEADER];
      const signature = typeof header === 'string' && header.startsWith('sha256=') ? header.slice(7) : null;
      const verified = Boolean(config.webhookSecret && signature && signatureMatches(hmacSha256Hex(config.webhookSecret, notification.rawBody), signature));
      const reference = body.data.reference;
      const money = received(body.data.transfer, reference);
      const change: NotifiedChange = money ? { action: 'paid', reference, received: money } : { action: 'ignored', reference };
      return { merchantId, livemode: notification.query.livemode !== 'false', verified, changes: [change] };
    },
  };
}
