import { createHash } from 'node:crypto';
import { decodeId } from '../../../domain/ids.js';
import type { OrderStatus } from '../../../domain/order-status.js';
import type { PaymentMethod } from '../../../domain/orders.js';
import type { PaymentStatus } from '../../../domain/payments.js';
import type { WebhookFormat } from '../../../services/webhook-formats.js';
import { decimalAmount, paybyrdTime } from '../order-view.js';
import { paybyrdMethod } from '../payment-methods.js';
import { PAYBYRD_ORDER_STATUS, PAYBYRD_TRANSACTION_STATUS } from '../status.js';

/** The webhook format of endpoints made through Paybyrd's settings (WebhookEndpoint.format). */
export const PAYBYRD_FORMAT = 'paybyrd';

/** Every event name Paybyrd's Webhook API documents; a subscription may name any of them. */
export const PAYBYRD_EVENTS = [
  ...['created', 'pending', 'paid', 'partialpaid', 'refunded', 'partialrefunded', 'canceled', 'expired', 'temporaryfailed'].map((s) => `order.${s}`),
  ...['payment', 'preauth', 'capture', 'refund'].flatMap((op) => ['pending', 'success', 'failed', 'error', 'canceled'].map((s) => `transaction.${op}.${s}`)),
  ...['created', 'disputing', 'pendingaction', 'won', 'lost', 'closed'].map((s) => `chargeback.${s}`),
];

/**
 * Payorders' events → Paybyrd's. Paybyrd events with no counterpart here are never sent (yet): order.pending
 * and .temporaryfailed (Payorders announces no "payment in progress" order event), pre-authorisations,
 * captures, refunds and chargebacks (no cards, refunds or disputes yet).
 */
export const PAYBYRD_EVENT_OF: Readonly<Record<string, string>> = {
  'order.created': 'order.created',
  'order.partially_paid': 'order.partialpaid',
  'order.paid': 'order.paid',
  'order.overpaid': 'order.paid',
  'order.partially_refunded': 'order.partialrefunded',
  'order.refunded': 'order.refunded',
  'order.canceled': 'order.canceled',
  'order.expired': 'order.expired',
  'payment.created': 'transaction.payment.pending',
  'payment.succeeded': 'transaction.payment.success',
  'payment.failed': 'transaction.payment.failed',
  'payment.canceled': 'transaction.payment.canceled',
  'payment.expired': 'transaction.payment.canceled',
};

/** The Payorders event types a subscription to Paybyrd's `events` receives; none named: every one. */
export function canonicalEventTypes(events: readonly string[]): string[] {
  const wanted = new Set(events);
  return Object.keys(PAYBYRD_EVENT_OF).filter((type) => wanted.size === 0 || wanted.has(PAYBYRD_EVENT_OF[type]!));
}

/** Paybyrd's payment-method filter words (its settings' `paymentMethods`) for a canonical method. */
export function paymentMethodWord(method: PaymentMethod): string {
  return paybyrdMethod(method).toLowerCase().replace(/^sibs_/, '').replace(/_ref$/, '').replaceAll('_', '');
}

/**
 * Paybyrd documents 12 attempts and no schedule: these 11 waits (1 min … 24 h, about four days in all) are
 * our choice, in both modes; a receiver that answers 4xx on purpose for an event it does not handle is not
 * retried for ever.
 */
export const PAYBYRD_RETRY_DELAYS_MS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 86_400_000, 86_400_000];

/** An attempt's id: a UUID of its own for each attempt of a delivery, the same when the log is read later. */
export function attemptId(deliveryId: string, attempt: number): string {
  const hex = createHash('sha256').update(`${deliveryId}/${attempt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * How the credential of a subscription is kept as its endpoint's secret: `api-key:<key>` or
 * `basic:<username>:<password>`. The signer sends it as Paybyrd does: `x-api-key`, or `Authorization: Basic`.
 */
export type Credential = { type: 'api-key'; apiKey: string } | { type: 'basic'; username: string; password: string };

export function credentialSecret(credential: Credential): string {
  return credential.type === 'basic' ? `basic:${credential.username}:${credential.password}` : `api-key:${credential.apiKey}`;
}

/** The credential an endpoint's secret holds; a secret made otherwise (a /v1 rotation) is sent as the api key. */
export function credentialOf(secret: string): Credential {
  if (secret.startsWith('basic:')) {
    const rest = secret.slice('basic:'.length);
    const colon = rest.indexOf(':');
    return { type: 'basic', username: rest.slice(0, colon), password: rest.slice(colon + 1) };
  }
  return { type: 'api-key', apiKey: secret.startsWith('api-key:') ? secret.slice('api-key:'.length) : secret };
}

interface OrderEventData {
  id: string;
  status: OrderStatus;
  amount: number;
  currency: string;
  amount_refunded: number;
  reference: string | null;
  metadata: Record<string, string>;
  payments: string[];
}

interface PaymentEventData {
  id: string;
  order: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  method: PaymentMethod;
}

/**
 * `{id, event, paymentMethod, settingsId, attemptId, createdAt, content}`, Paybyrd's delivery, built from the
 * object as the event recorded it: `id` is the webhook (the delivery: the same on every attempt, what
 * `/api/v1/webhooks` lists), `attemptId` this attempt's. No HMAC, as Paybyrd sends none: the receiver checks
 * the subscription's credential.
 */
export const paybyrdWebhookFormat: WebhookFormat = {
  envelope: (event, delivery) => {
    let paymentMethod: string | null = null;
    let content: Record<string, unknown>;
    if (event.type.startsWith('payment.')) {
      const p = event.data as PaymentEventData;
      paymentMethod = paymentMethodWord(p.method);
      content = {
        orderId: decodeId('order', p.order),
        orderRef: null,
        transactionId: decodeId('payment', p.id),
        status: PAYBYRD_TRANSACTION_STATUS[p.status],
        isoAmount: p.amount,
        amount: decimalAmount(p.amount, p.currency),
        currency: p.currency,
        paymentMethod: paybyrdMethod(p.method),
        operationType: 'Payment',
      };
    } else {
      const o = event.data as OrderEventData;
      const last = o.payments.at(-1);
      content = {
        orderId: decodeId('order', o.id),
        orderRef: o.reference,
        transactionId: last ? decodeId('payment', last) : null,
        status: PAYBYRD_ORDER_STATUS[o.status],
        isoAmount: o.amount,
        amount: decimalAmount(o.amount, o.currency),
        currency: o.currency,
        isoRefundedAmount: o.amount_refunded,
        refundedAmount: decimalAmount(o.amount_refunded, o.currency),
        metadata: o.metadata,
      };
    }
    const body = {
      id: delivery.id,
      event: PAYBYRD_EVENT_OF[event.type] ?? event.type,
      paymentMethod,
      settingsId: delivery.endpointId,
      attemptId: attemptId(delivery.id, delivery.attempts + 1),
      createdAt: paybyrdTime(event.createdAt),
      content,
    };
    return { id: delivery.id, body: JSON.stringify(body), contentType: 'application/json' };
  },
  sign: (_message, secrets): Record<string, string> => {
    const credential = credentialOf(secrets[0]!);
    return credential.type === 'basic'
      ? { authorization: `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}` }
      : { 'x-api-key': credential.apiKey };
  },
  retryDelaysMs: () => PAYBYRD_RETRY_DELAYS_MS,
};
