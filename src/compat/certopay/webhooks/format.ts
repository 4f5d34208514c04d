import { decodeId, encodeId } from '../../../domain/ids.js';
import type { PaymentStatus } from '../../../domain/payments.js';
import { standardSigner, type WebhookFormat } from '../../../services/webhook-formats.js';
import { CARD_PAYMENT_STATUSES, METHOD_WORDS, PAYMENT_STATUSES } from '../statuses.js';

/** The webhook format of CertoPay endpoints (WebhookEndpoint.format). */
export const CERTOPAY_FORMAT = 'certopay';

/**
 * Payorders' payment events → CertoPay's transaction events, and a refund's money going back → its
 * transaction.refunded. transaction.chargeback is CertoPay's too, but nothing raises it here yet (disputes
 * are not built).
 */
export const CERTOPAY_EVENTS: Readonly<Record<string, string>> = {
  'payment.created': 'transaction.created',
  'payment.succeeded': 'transaction.paid',
  'payment.failed': 'transaction.refused',
  'payment.canceled': 'transaction.cancelled',
  'payment.expired': 'transaction.expired',
  'refund.succeeded': 'transaction.refunded',
};

interface RefundEventData {
  id: string;
  payment: string;
  order: string;
  method: string;
  amount: number;
  created_at: string;
  succeeded_at: string | null;
}

interface PaymentEventData {
  id: string;
  order: string;
  amount: number;
  method: string;
  status: PaymentStatus;
  created_at: string;
  succeeded_at?: string | null;
}

/**
 * `{event, created_at, data: {transactionId, orderId, amount, method, status, …}}`, CertoPay's envelope,
 * built from the payment as the event recorded it. CertoPay documents no signature header; the Standard
 * Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) are sent as well, so a receiver may
 * verify with the secret the upsert answered (a documented difference).
 */
export const certopayWebhookFormat: WebhookFormat = {
  envelope: (event) => {
    const body = {
      event: CERTOPAY_EVENTS[event.type] ?? event.type,
      created_at: event.createdAt.toISOString(),
      data: event.type.startsWith('refund.') ? refundedTransaction(event.data as RefundEventData) : transaction(event.data as PaymentEventData),
    };
    return { id: encodeId('event', event.id), body: JSON.stringify(body), contentType: 'application/json' };
  },
  sign: standardSigner,
};

function transaction(payment: PaymentEventData) {
  return {
    transactionId: decodeId('payment', payment.id),
    orderId: decodeId('order', payment.order),
    amount: payment.amount,
    method: methodWord(payment.method),
    status: (payment.method === 'card' ? CARD_PAYMENT_STATUSES : PAYMENT_STATUSES)[payment.status],
    createdAt: payment.created_at,
    paidAt: payment.succeeded_at ?? null,
  };
}

/** A refund's event names the transaction it gave money back from: `amount` is what went back, `refundId` the refund's UUID. */
function refundedTransaction(refund: RefundEventData) {
  return {
    transactionId: decodeId('payment', refund.payment),
    orderId: decodeId('order', refund.order),
    amount: refund.amount,
    method: methodWord(refund.method),
    status: 'REFUNDED',
    refundId: decodeId('refund', refund.id),
    createdAt: refund.created_at,
    refundedAt: refund.succeeded_at,
  };
}

const methodWord = (method: string) => METHOD_WORDS[method] ?? method.toUpperCase();
