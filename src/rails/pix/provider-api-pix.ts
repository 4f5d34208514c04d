import { randomBytes } from 'node:crypto';
import type { PixApiConfig } from '../../config.js';
import { decodeId } from '../../domain/ids.js';
import type { Payment } from '../../domain/payments.js';
import {
  refundNotSupported,
  type CancelAnswer,
  type Connector,
  type ConnectorContext,
  type NotifiedChange,
  type QueryAnswer,
  type Received,
} from '../connector.js';
import { hmacSha256Hex, signatureMatches } from '../signature.js';
import type { PixAccount } from './account.js';
import { PIX_CHARGE_LIFETIME_MS, pixInstructions } from './instructions.js';
import { newTxid } from './txid.js';

/**
 * A real PSP through the Banco Central's API Pix, which Brazilian PSPs implement alike: OAuth2 client
 * credentials at /oauth/token, immediate charges at /v2/cob/{txid} (PUT creates, GET reads, PATCH
 * cancels), and callbacks `{"pix": [{endToEndId, txid, valor, horario, …}]}` to the URL the merchant
 * registers: `<PUBLIC_BASE_URL>/hooks/pix/api_pix?merchant=mer_…&livemode=true`. Base URL and credentials
 * come from the configuration (PAYORDERS_PIX_API_*).
 *
 * The API authenticates callbacks with mutual TLS, which the service does not terminate, so a callback
 * counts as verified only when the PSP (or the proxy in front) signs it with PAYORDERS_PIX_API_WEBHOOK_SECRET
 * (`x-webhook-signature: sha256=<hex HMAC-SHA256 of the body>`). Without that, every callback is a hint:
 * the reconciliation job asks GET /v2/cob/{txid}, over the OAuth-authenticated API, what happened. Client
 * certificates for the API itself (some PSPs require them) are not configured yet.
 */
export const API_PIX_PROVIDER = 'api_pix';
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';

interface PixTransfer {
  endToEndId: string;
  txid?: string;
  valor: string;
  horario: string;
  pagador?: Record<string, unknown>;
  infoPagador?: string;
}

interface Cob {
  txid: string;
  status: 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';
  location?: string;
  pixCopiaECola?: string;
  calendario?: { criacao?: string; expiracao?: number };
  pix?: PixTransfer[];
}

type HttpAnswer = { sent: true; status: number; body: any } | { sent: false; outcome: 'not_sent' | 'unknown'; message: string };

/** "297.00" ⇄ 29700, by the digits, never through a float. */
const decimal = (centavos: number) => {
  const digits = String(centavos).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
const centavos = (valor: unknown) => (typeof valor === 'string' && /^\d{1,10}\.\d{2}$/.test(valor) ? Number(valor.replace('.', '')) : null);

/** Errors that mean the request never left: nothing happened, so a retry is safe. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function apiPixConnector(config: PixApiConfig, fetchImpl: typeof fetch = fetch): Connector {
  let token: { value: string; expiresAtMs: number } | null = null;

  async function send(ctx: ConnectorContext, method: string, path: string, body?: unknown, auth?: string): Promise<HttpAnswer> {
    try {
      const res = await fetchImpl(`${config.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': body instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json' }), authorization: auth ?? `Bearer ${await accessToken(ctx)}` },
        body: body === undefined ? undefined : body instanceof URLSearchParams ? body : JSON.stringify(body),
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
      if (error instanceof TokenError) return { sent: false, outcome: 'not_sent', message: error.message };
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code && NOT_SENT.has(code)) return { sent: false, outcome: 'not_sent', message: `the PSP could not be reached (${code})` };
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      return { sent: false, outcome: 'unknown', message: timedOut ? `the PSP did not answer within ${config.timeoutMs} ms` : 'the connection to the PSP failed' };
    }
  }

  /** An OAuth2 client-credentials token, kept until a minute before it expires. */
  async function accessToken(ctx: ConnectorContext): Promise<string> {
    const now = ctx.clock.now().getTime();
    if (token && token.expiresAtMs > now) return token.value;
    const basic = `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`;
    const res = await send(ctx, 'POST', '/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }), basic);
    if (!res.sent || res.status !== 200 || typeof res.body?.access_token !== 'string') {
      throw new TokenError(res.sent ? `the PSP refused the credentials (HTTP ${res.status})` : res.message);
    }
    token = { value: res.body.access_token, expiresAtMs: now + (Number(res.body.expires_in) || 300) * 1000 - 60_000 };
    return token.value;
  }

  const refusal = (res: { status: number; body: any }) => ({
    code: `psp_${res.status}`,
    message: String(res.body?.detail ?? res.body?.title ?? `the PSP answered HTTP ${res.status}`).slice(0, 500),
  });

  function received(transfer: PixTransfer | undefined, cob: Pick<Cob, 'txid'>): Received | null {
    const amount = centavos(transfer?.valor);
    if (!transfer || amount === null || amount <= 0 || typeof transfer.endToEndId !== 'string' || Number.isNaN(Date.parse(transfer.horario))) return null;
    return {
      amount,
      // The API does not report the PSP's tariff: fees are the merchant's contract with it, outside this ledger.
      fee: 0,
      providerEventId: transfer.endToEndId,
      paidAt: new Date(transfer.horario),
      metadata: { txid: cob.txid, end_to_end_id: transfer.endToEndId, payer: transfer.pagador ?? null, payer_message: transfer.infoPagador ?? null },
    };
  }

  return {
    method: 'pix',
    provider: API_PIX_PROVIDER,
    live: true,
    currencies: ['BRL'],
    fees: { basisPoints: 0, fixed: 0 },
    availableAfterMs: 0,
    chargeLifetimeMs: PIX_CHARGE_LIFETIME_MS,
    reconcileBackoffMs: [10_000, 60_000, 300_000, 1_800_000],

    async create(ctx, request) {
      const account = ctx.account as unknown as PixAccount;
      const txid = newTxid(randomBytes);
      const body = {
        calendario: { expiracao: Math.max(1, Math.floor((request.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000)) },
        valor: { original: decimal(request.amount) },
        chave: account.key,
        ...(request.description ? { solicitacaoPagador: request.description.slice(0, 140) } : {}),
      };
      const res = await send(ctx, 'PUT', `/v2/cob/${txid}`, body);
      if (!res.sent) return { outcome: res.outcome, reference: txid, message: res.message };
      // A 5xx may have created the charge (PUT with our txid): only a query can tell.
      if (res.status >= 500) return { outcome: 'unknown', reference: txid, message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', reference: txid, failure: refusal(res) };
      const cob = res.body as Cob;
      if (typeof cob?.pixCopiaECola !== 'string') return { outcome: 'unknown', reference: txid, message: 'the PSP answered without a Pix code' };
      return { outcome: 'pending', reference: txid, ...pixInstructions(ctx, request.paymentId, { emv: cob.pixCopiaECola, txid, expiresAt: request.expiresAt }), data: { location: cob.location ?? null } };
    },

    async query(ctx, payment: Payment): Promise<QueryAnswer> {
      const res = await send(ctx, 'GET', `/v2/cob/${payment.providerReference}`);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The PSP has no such charge' } };
      if (res.status >= 400) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      const cob = res.body as Cob;
      if (cob.status === 'CONCLUIDA') {
        const money = received(cob.pix?.[0], cob);
        return money ? { outcome: 'succeeded', received: money } : { outcome: 'unknown', message: 'the PSP says paid but names no valid transfer' };
      }
      if (cob.status === 'REMOVIDA_PELO_USUARIO_RECEBEDOR') return { outcome: 'declined', failure: { code: 'canceled', message: 'The charge was removed' } };
      if (cob.status === 'REMOVIDA_PELO_PSP') return { outcome: 'declined', expired: true, failure: { code: 'expired', message: 'The PSP removed the charge' } };
      if (cob.status !== 'ATIVA') return { outcome: 'unknown', message: 'the PSP answered a status this connector does not know' };
      const code = typeof cob.pixCopiaECola === 'string' ? pixInstructions(ctx, payment.id, { emv: cob.pixCopiaECola, txid: cob.txid, expiresAt: payment.expiresAt! }) : {};
      return { outcome: 'pending', ...code };
    },

    async cancel(ctx, payment): Promise<CancelAnswer> {
      const res = await send(ctx, 'PATCH', `/v2/cob/${payment.providerReference}`, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' });
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status >= 500) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', failure: refusal(res) };
      return { outcome: 'succeeded' };
    },

    refund: refundNotSupported,

    async parseNotification(_ctx, notification) {
      const merchantId = decodeId('merchant', notification.query.merchant ?? '');
      const livemode = notification.query.livemode !== 'false';
      let body: { pix?: unknown };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      if (!merchantId || !Array.isArray(body?.pix)) return null;
      const header = notification.headers[WEBHOOK_SIGNATURE_HEADER];
      const signature = typeof header === 'string' && header.startsWith('sha256=') ? header.slice(7) : null;
      const verified = Boolean(config.webhookSecret && signature && signatureMatches(hmacSha256Hex(config.webhookSecret, notification.rawBody), signature));
      const changes: NotifiedChange[] = (body.pix as PixTransfer[]).map((transfer) => {
        // A transfer to the key with no txid is no charge of ours; one we cannot read is only a hint to query.
        if (typeof transfer?.txid !== 'string') return { action: 'ignored', reference: null };
        const money = received(transfer, { txid: transfer.txid });
        return money ? { action: 'paid', reference: transfer.txid, received: money } : { action: 'ignored', reference: transfer.txid };
      });
      return { merchantId, livemode, verified, changes };
    },
  };
}

class TokenError extends Error {}
