import type { ProviderApiConfig } from '../../config.js';
import type { CreateAnswer, NotifiedChange, QueryAnswer, Received, RefundAnswer } from '../connector.js';
import { callbackUrl, providerClient, readCallback, refusalOf, type ProviderAnswer } from '../provider-api.js';
import { CARD_FUNDING, DECLINE_CODES, type CardConnector, type CardFunding, type DeclineCode } from './acquirer.js';
import type { CardAccount } from './account.js';
import { CARD_CONNECTOR_TERMS } from './terms.js';

/**
 * A real card acquirer, behind the seam an acquirer's adapter fills (OAuth2 client credentials and mutual
 * TLS, as src/rails/provider-api.ts speaks; PAYORDERS_CARD_ACQUIRER_URL, _CLIENT_ID, _CLIENT_SECRET, …):
 *
 *   POST /v1/cards {number, exp_month, exp_year, cvc} → 201 {id, funding, country} | 402 {decline_code}
 *   POST /v1/charges {reference, card, amount, currency, capture, installments, merchant_initiated, return_url,
 *        merchant_account, callback_url} → 201 {status: captured|authorized|requires_action|declined,
 *        amount_captured, fee, next_action_url, decline_code}
 *   GET  /v1/charges/{reference} → the same; POST …/{reference}/capture {amount}; POST …/{reference}/void;
 *   POST …/{reference}/refunds {reference, amount} → 201 {id, status: succeeded|pending|declined}
 *   GET  …/{reference}/refunds/{refund reference}
 *   callback {event: charge.captured|charge.authorized|charge.failed, data: <charge>} to the callback URL.
 *
 * The reference is ours, chosen before the call, so a retried or timed-out create names one charge.
 */
export const CARD_API_PROVIDER = 'card_api';

interface AcquirerCharge {
  reference: string;
  status: 'captured' | 'authorized' | 'requires_action' | 'declined' | 'voided';
  amount_captured?: number;
  fee?: number;
  captured_at?: string;
  next_action_url?: string;
  decline_code?: string;
}

const declineCode = (code: unknown): DeclineCode => (DECLINE_CODES.includes(code as DeclineCode) ? (code as DeclineCode) : 'card_declined');

function receivedOf(charge: AcquirerCharge): Received | null {
  const amount = charge.amount_captured;
  if (!Number.isSafeInteger(amount) || amount! <= 0 || !charge.captured_at || Number.isNaN(Date.parse(charge.captured_at))) return null;
  const fee = Number.isSafeInteger(charge.fee) && charge.fee! >= 0 ? charge.fee! : 0;
  return { amount: amount!, fee, providerEventId: `${charge.reference}:capture`, paidAt: new Date(charge.captured_at), metadata: { charge: charge.reference } };
}

/** Sent but not a success: 5xx may have happened (unknown); 4xx was refused. */
const unsure = (res: Extract<ProviderAnswer, { sent: true }>) => ({ outcome: 'unknown' as const, message: `the acquirer answered HTTP ${res.status}` });

export function apiCardConnector(config: ProviderApiConfig, publicBaseUrl: string): CardConnector {
  const client = providerClient(config);
  const spec = { method: 'card' as const, provider: CARD_API_PROVIDER, webhookSecret: config.webhookSecret };

  function chargeAnswer(reference: string, res: ProviderAnswer): CreateAnswer {
    if (!res.sent) return { outcome: res.outcome, reference, message: res.message };
    if (res.status >= 500) return { reference, ...unsure(res) };
    const charge = res.body as AcquirerCharge | null;
    if (res.status === 402 || charge?.status === 'declined') {
      const code = declineCode(charge?.decline_code);
      return { outcome: 'declined', reference, failure: { code, message: `The card was declined (${code})` } };
    }
    if (res.status >= 400) return { outcome: 'declined', reference, failure: refusalOf(res) };
    if (charge?.status === 'authorized') return { outcome: 'authorized', reference };
    if (charge?.status === 'requires_action' && typeof charge.next_action_url === 'string' && /^https:\/\//.test(charge.next_action_url)) {
      return { outcome: 'requires_action', reference, nextAction: { type: 'redirect', url: charge.next_action_url } };
    }
    const money = charge?.status === 'captured' ? receivedOf(charge) : null;
    return money ? { outcome: 'succeeded', reference, received: money } : { outcome: 'unknown', reference, message: 'the acquirer answered a charge this connector cannot read' };
  }

  function refundAnswer(res: ProviderAnswer): RefundAnswer {
    if (!res.sent) return { outcome: res.outcome, message: res.message };
    if (res.status >= 500) return unsure(res);
    if (res.status >= 400) return { outcome: 'declined', failure: refusalOf(res) };
    const status = res.body?.status;
    if (status === 'succeeded' || status === 'pending') return { outcome: status, metadata: { acquirer_refund: res.body?.id ?? null } };
    if (status === 'declined') return { outcome: 'declined', failure: { code: 'refund_declined', message: 'The acquirer declined the refund' } };
    return { outcome: 'unknown', message: 'the acquirer answered a refund this connector cannot read' };
  }

  return {
    ...CARD_CONNECTOR_TERMS,
    method: 'card',
    provider: CARD_API_PROVIDER,
    live: true,

    async tokenize(ctx, card) {
      const res = await client.call(ctx.clock, 'POST', '/v1/cards', { number: card.number, exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc });
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status === 402) {
        const code = declineCode(res.body?.decline_code);
        return { outcome: 'declined', failure: { code, message: `The card was declined (${code})` } };
      }
      if (res.status >= 400) return { outcome: res.status >= 500 ? 'unknown' : 'not_sent', message: `the acquirer answered HTTP ${res.status}` };
      if (typeof res.body?.id !== 'string') return { outcome: 'unknown', message: 'the acquirer answered no card id' };
      const funding: CardFunding = CARD_FUNDING.includes(res.body.funding) ? res.body.funding : 'unknown';
      return { outcome: 'succeeded', reference: res.body.id, funding, country: typeof res.body.country === 'string' ? res.body.country.slice(0, 2).toUpperCase() : null };
    },

    async create(ctx, request) {
      const reference = `ch_${request.paymentId.replace(/-/g, '')}`;
      const terms = request.card;
      if (!terms) return { outcome: 'declined', reference, failure: { code: 'card_declined', message: 'A card charge names its card' } };
      const res = await client.call(ctx.clock, 'POST', '/v1/charges', {
        reference,
        card: terms.cardReference,
        amount: request.amount,
        currency: request.currency,
        capture: terms.captureMethod === 'automatic',
        installments: terms.installments,
        merchant_initiated: terms.merchantInitiated,
        return_url: terms.returnUrl,
        merchant_account: (ctx.account as unknown as CardAccount).merchant_account,
        callback_url: callbackUrl({ ...spec, publicBaseUrl }, ctx.merchantId, ctx.livemode),
      });
      return chargeAnswer(reference, res);
    },

    async query(ctx, payment): Promise<QueryAnswer> {
      const res = await client.call(ctx.clock, 'GET', `/v1/charges/${payment.providerReference}`);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The acquirer has no such charge' } };
      const answer = chargeAnswer(payment.providerReference ?? '', res);
      if (answer.outcome === 'succeeded' || answer.outcome === 'declined' || answer.outcome === 'unknown' || answer.outcome === 'not_sent') return answer;
      return { outcome: 'pending' };
    },

    async cancel(ctx, payment) {
      const res = await client.call(ctx.clock, 'POST', `/v1/charges/${payment.providerReference}/void`, {});
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status >= 500) return unsure(res);
      if (res.status === 409) return { outcome: 'declined', failure: { code: 'already_captured', message: 'The acquirer says the charge was captured' } };
      if (res.status >= 400 && res.status !== 404) return { outcome: 'declined', failure: refusalOf(res) };
      return { outcome: 'succeeded' };
    },

    async capture(ctx, payment, amount) {
      const res = await client.call(ctx.clock, 'POST', `/v1/charges/${payment.providerReference}/capture`, { amount });
      const answer = chargeAnswer(payment.providerReference ?? '', res);
      if (answer.outcome === 'succeeded' || answer.outcome === 'declined' || answer.outcome === 'unknown' || answer.outcome === 'not_sent') return answer;
      return { outcome: 'unknown', message: `the acquirer answered the capture with a charge that is ${(res as { body?: AcquirerCharge }).body?.status}` };
    },

    async refund(ctx, payment, request) {
      return refundAnswer(await client.call(ctx.clock, 'POST', `/v1/charges/${payment.providerReference}/refunds`, { reference: request.reference, amount: request.amount }));
    },

    async queryRefund(ctx, payment, request) {
      return refundAnswer(await client.call(ctx.clock, 'GET', `/v1/charges/${payment.providerReference}/refunds/${request.reference}`));
    },

    async parseNotification(_ctx, notification) {
      const callback = readCallback(spec, notification);
      if (!callback) return null;
      let body: { event?: unknown; data?: AcquirerCharge };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      const charge = body?.data;
      if (typeof charge?.reference !== 'string' || typeof body.event !== 'string' || !body.event.startsWith('charge.')) return null;
      const reference = charge.reference;
      const money = body.event === 'charge.captured' ? receivedOf(charge) : null;
      const change: NotifiedChange = money
        ? { action: 'paid', reference, received: money }
        : body.event === 'charge.authorized'
          ? { action: 'authorized', reference }
          : body.event === 'charge.failed'
            ? { action: 'failed', reference, failure: { code: declineCode(charge.decline_code), message: 'The acquirer failed the charge' } }
            : { action: 'ignored', reference };
      return { merchantId: callback.merchantId, livemode: callback.livemode, verified: callback.verified, changes: [change] };
    },
  };
}
