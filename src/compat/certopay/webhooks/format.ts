import { decodeId, encodeId } from '../../../domain/ids.js';
import type { PaymentStatus } from '../../../domain/payments.js';
import { standardSigner, type WebhookFormat } from '../../../services/webhook-formats.js';
import { METHOD_WORDS, PAYMENT_STATUSES } from '../statuses.js';

/** The webhook format of CertoPay endpoints (WebhookEndpoint.format). */
export const CERTOPAY_FORMAT = 'certopay';

/**
 * Payorders' payment events → CertoPay's transaction events. transaction.refunded and .chargeback are
 * CertoPay's too, but nothing raises them here yet (refunds and disputes are not built).
 */
export const CERTOPAY_EVENTS: Readonly<Record<string, string>> = {
  'payment.created': 'transaction.created',
  'payment.succeeded': 'transaction.paid',
  'payment.failed': 'transaction.refused',
  'payment.canceled': 'transaction.cancelled',
  'payment.expired': 'transaction.expired',
};

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
    const payment = event.data as PaymentEventData;
    const body = {
      event: CERTOPAY_EVENTS[event.type] ?? event.type,
      created_at: event.createdAt.toISOString(),
      data: {
        transactionId: decodeId('payment', payment.id),
        orderId: decodeId('order', payment.order),
        amount: payment.amount,
        method: METHOD_WORDS[payment.method] ?? payment.method.toUpperCase(),
        status: PAYMENT_STATUSES[payment.status],
        createdAt: payment.created_at,
        paidAt: payment.succeeded_at ?? null,
      },
    };
    return { id: encodeId('event', event.id), body: JSON.stringify(body), contentType: 'application/json' };
  },
  sign: standardSigner,
};
