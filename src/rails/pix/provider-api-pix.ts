import { randomBytes } from 'node:crypto';
import type { ProviderApiConfig } from '../../config.js';
import type { Payment } from '../../domain/payments.js';
import {
  type CancelAnswer,
  type Connector,
  type ConnectorContext,
  type NotifiedChange,
  type QueryAnswer,
  type Received,
  type RefundAnswer,
  type RefundRequest,
} from '../connector.js';
import { callbackUrl, decimalOf, minorUnitsOf, providerClient, readCallback, refusalOf, type CallbackUrlSpec } from '../provider-api.js';
import type { PixAccount } from './account.js';
import { PIX_CHARGE_LIFETIME_MS, pixInstructions } from './instructions.js';
import { newTxid } from './txid.js';

/**
 * A real PSP through the Banco Central's API Pix, which Brazilian PSPs implement alike: OAuth2 client
 * credentials at /oauth/token, immediate charges at /v2/cob/{txid} (PUT creates, GET reads, PATCH
 * cancels), refunds as devoluções of the received transfer at /v2/pix/{e2eid}/devolucao/{id} (PUT asks, GET
 * reads; `id` is the refund's reference, so a retry after a timeout names the same devolução), the webhook of a key at /v2/webhook/{chave}, and callbacks `{"pix": [{endToEndId, txid, valor,
 * horario, …}]}`. Base URL, credentials and the client certificate PSPs require (mutual TLS) come from the
 * configuration (PAYORDERS_PIX_API_*).
 *
 * Webhooks: before a key's first charge (per process, and again whenever the URL would differ) the connector
 * registers `PUT /v2/webhook/{chave}` `{"webhookUrl": <PUBLIC_BASE_URL>/hooks/pix/api_pix/<mer_…>/<live|test>/<token>}`;
 * the PSP posts to that URL with `/pix` appended, as the API prescribes (a transfer's `devolucoes` in a callback
 * make the job ask about those refunds at once). A failed registration does not stop
 * the charge (it is tried again with the next one; the charge is still asked about at its expiry).
 *
 * The API authenticates callbacks with mutual TLS, which the service does not terminate (a proxy in front may),
 * so what the service itself checks is the token in the URL, an HMAC of the merchant and mode under
 * PAYORDERS_PIX_API_WEBHOOK_SECRET, or else a body signed with it (`x-webhook-signature: sha256=<hex>`). A
 * callback with neither is a hint: the reconciliation job asks GET /v2/cob/{txid}, over the authenticated API,
 * what happened, and only that answer moves money.
 */
export const API_PIX_PROVIDER = 'api_pix';
/** What the API Pix appends to the registered webhook URL. */
const PIX_CALLBACK_SUFFIX = 'pix';

interface PixTransfer {
  endToEndId: string;
  txid?: string;
  valor: string;
  horario: string;
  pagador?: Record<string, unknown>;
  infoPagador?: string;
  /** A callback about devoluções of the transfer lists them here. */
  devolucoes?: Array<Partial<Devolucao>>;
}

interface Cob {
  txid: string;
  status: 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';
  location?: string;
  pixCopiaECola?: string;
  calendario?: { criacao?: string; expiracao?: number };
  pix?: PixTransfer[];
}

/** A devolução as the API Pix answers it (PUT and GET /v2/pix/{e2eid}/devolucao/{id}). */
interface Devolucao {
  id: string;
  rtrId?: string;
  valor: string;
  status: 'EM_PROCESSAMENTO' | 'DEVOLVIDO' | 'NAO_REALIZADO';
  motivo?: string;
  horario?: { solicitacao?: string; liquidacao?: string };
}

/** `/v2/pix/{e2eid}/devolucao/{id}`: the transfer the payment received, and the refund's reference as the devolução's id. */
function devolucaoPath(payment: Payment, request: RefundRequest): string | null {
  const e2eid = payment.providerMetadata.end_to_end_id;
  return typeof e2eid === 'string' && /^[A-Za-z0-9]{32}$/.test(e2eid) ? `/v2/pix/${e2eid}/devolucao/${request.reference}` : null;
}

/** A devolução's id as the API defines it; anything else in a callback names no refund of ours. */
const isDevolucaoId = (id: unknown): id is string => typeof id === 'string' && /^[a-zA-Z0-9]{1,35}$/.test(id);

function devolucaoAnswer(devolucao: Devolucao | null): RefundAnswer {
  const metadata = { devolucao_id: devolucao?.id ?? null, return_id: devolucao?.rtrId ?? null };
  if (devolucao?.status === 'DEVOLVIDO') return { outcome: 'succeeded', metadata };
  if (devolucao?.status === 'EM_PROCESSAMENTO') return { outcome: 'pending', metadata };
  if (devolucao?.status === 'NAO_REALIZADO') return { outcome: 'declined', failure: { code: 'devolucao_not_made', message: devolucao.motivo?.slice(0, 500) ?? 'The PSP did not make the devolução' } };
  return { outcome: 'unknown', message: 'the PSP answered a devolução status this connector does not know' };
}

export function apiPixConnector(config: ProviderApiConfig, publicBaseUrl: string): Connector {
  const client = providerClient(config);
  const hooks: CallbackUrlSpec = { publicBaseUrl, method: 'pix', provider: API_PIX_PROVIDER, webhookSecret: config.webhookSecret };
  /** The URL each key's webhook was last registered with by this process. */
  const registered = new Map<string, string>();

  /** Registers the key's webhook unless this process already did so with this URL; a failure is left for the next charge. */
  async function registerWebhook(ctx: ConnectorContext, key: string): Promise<void> {
    const webhookUrl = callbackUrl(hooks, ctx.merchantId, ctx.livemode);
    if (registered.get(key) === webhookUrl) return;
    const res = await client.call(ctx.clock, 'PUT', `/v2/webhook/${encodeURIComponent(key)}`, { webhookUrl });
    if (res.sent && res.status >= 200 && res.status < 300) registered.set(key, webhookUrl);
  }

  function received(transfer: PixTransfer | undefined, cob: Pick<Cob, 'txid'>): Received | null {
    const amount = minorUnitsOf(transfer?.valor);
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
      await registerWebhook(ctx, account.key);
      const txid = newTxid(randomBytes);
      const body = {
        calendario: { expiracao: Math.max(1, Math.floor((request.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000)) },
        valor: { original: decimalOf(request.amount) },
        chave: account.key,
        ...(request.description ? { solicitacaoPagador: request.description.slice(0, 140) } : {}),
      };
      const res = await client.call(ctx.clock, 'PUT', `/v2/cob/${txid}`, body);
      if (!res.sent) return { outcome: res.outcome, reference: txid, message: res.message };
      // A 5xx may have created the charge (PUT with our txid): only a query can tell.
      if (res.status >= 500) return { outcome: 'unknown', reference: txid, message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', reference: txid, failure: refusalOf(res) };
      const cob = res.body as Cob;
      if (typeof cob?.pixCopiaECola !== 'string') return { outcome: 'unknown', reference: txid, message: 'the PSP answered without a Pix code' };
      return { outcome: 'pending', reference: txid, ...pixInstructions(ctx, request.paymentId, { emv: cob.pixCopiaECola, txid, expiresAt: request.expiresAt }), data: { location: cob.location ?? null } };
    },

    async query(ctx, payment: Payment): Promise<QueryAnswer> {
      const res = await client.call(ctx.clock, 'GET', `/v2/cob/${payment.providerReference}`);
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
      const res = await client.call(ctx.clock, 'PATCH', `/v2/cob/${payment.providerReference}`, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' });
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status >= 500) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', failure: refusalOf(res) };
      return { outcome: 'succeeded' };
    },

    // A devolução of the payment's transfer, PUT with our id so a retry or a query names the same one.
    async refund(ctx, payment, request) {
      const path = devolucaoPath(payment, request);
      if (!path) return { outcome: 'declined', failure: { code: 'no_end_to_end_id', message: 'The payment names no Pix transfer to return' } };
      const body = { valor: decimalOf(request.amount), natureza: 'ORIGINAL', ...(request.reason ? { descricao: request.reason.slice(0, 140) } : {}) };
      const res = await client.call(ctx.clock, 'PUT', path, body);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      // A 5xx may have accepted it (PUT with our id): only a query can tell.
      if (res.status >= 500) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      if (res.status >= 400) return { outcome: 'declined', failure: refusalOf(res) };
      return devolucaoAnswer(res.body);
    },

    async queryRefund(ctx, payment, request) {
      const path = devolucaoPath(payment, request);
      if (!path) return { outcome: 'declined', failure: { code: 'no_end_to_end_id', message: 'The payment names no Pix transfer to return' } };
      const res = await client.call(ctx.clock, 'GET', path);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      // The PSP never took the PUT: nothing was returned, and the refund's amount is free again.
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'refund_not_found', message: 'The PSP has no such devolução' } };
      if (res.status >= 400) return { outcome: 'unknown', message: `the PSP answered HTTP ${res.status}` };
      return devolucaoAnswer(res.body);
    },

    async parseNotification(_ctx, notification) {
      const callback = readCallback(hooks, notification, [PIX_CALLBACK_SUFFIX]);
      let body: { pix?: unknown };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      if (!callback || !Array.isArray(body?.pix)) return null;
      const changes: NotifiedChange[] = (body.pix as PixTransfer[]).flatMap((transfer): NotifiedChange[] => {
        // A devolução of the transfer changed: its id is our refund's reference; the job asks GET …/devolucao/{id}.
        const refunds = (Array.isArray(transfer?.devolucoes) ? transfer.devolucoes : [])
          .flatMap((d): NotifiedChange[] => (isDevolucaoId(d?.id) ? [{ action: 'refund_changed', reference: transfer.txid ?? null, refundReference: d.id }] : []));
        // A transfer to the key with no txid is no charge of ours; one we cannot read is only a hint to query.
        if (typeof transfer?.txid !== 'string') return [...refunds, { action: 'ignored', reference: null }];
        const money = received(transfer, { txid: transfer.txid });
        return [...refunds, money ? { action: 'paid', reference: transfer.txid, received: money } : { action: 'ignored', reference: transfer.txid }];
      });
      return { ...callback, changes };
    },
  };
}
