import { createHmac } from 'node:crypto';
import { decodeId, encodeId } from '../../../domain/ids.js';
import type { WebhookFormat } from '../../../services/webhook-formats.js';
import type { orderReviewView } from '../../../services/order-reviews.js';
import type { orderView } from '../../../services/views.js';
import { glomopayOrder } from '../order-view.js';

/** The webhook format of the endpoint set through the Glomopay face (WebhookEndpoint.format). */
export const GLOMOPAY_FORMAT = 'glomopay';

/**
 * Payorders' order events → Glomopay's `event_type` for `entity_type: "orders"`: the order's new status
 * word. Glomopay documents `paid`; the rest follow its status words (a canceled order reads `expired`; a
 * compliance review's steps read as its RFI's: documents asked, all in, approved, rejected).
 */
export const GLOMOPAY_ORDER_EVENTS: Readonly<Record<string, string>> = {
  'order.paid': 'paid',
  'order.overpaid': 'paid',
  'order.expired': 'expired',
  'order.canceled': 'expired',
  'order.documents_requested': 'action_required',
  'order.documents_received': 'under_review',
  'order.under_review': 'under_review',
  'order.review_approved': 'active',
  'order.review_rejected': 'failed',
};

/**
 * Glomopay retries until it gets a 200: live 9 times after 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h, 24 h
 * and 48 h; its sandbox 5 times, on a schedule it does not give now (an older page said 1, 2, 5, 10 and
 * 30 minutes, which test mode uses).
 */
export const GLOMOPAY_RETRY_DELAYS_MS = {
  live: [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000],
  test: [60_000, 120_000, 300_000, 600_000, 1_800_000],
};

/** `X-Glomopay-Signature`: lowercase hex HMAC-SHA256 of the raw body's bytes with the webhook secret. */
export function glomopaySignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** An order event's data: the order as /v1 shows it, and a review's events add its document requests. */
type OrderJson = ReturnType<typeof orderView> & Partial<Pick<ReturnType<typeof orderReviewView>, 'document_requests'>>;

/**
 * `{entity_type, event_type, data}`, with the order in `data` as GET /api/v1/orders/{id} shows it, built
 * from the order as the event recorded it (with the documents a review still asks for). Difference: what only the Glomopay face keeps (document_id,
 * purpose_code, invoice_number, product, bank_account_details, request_id, notes' types) is not in the
 * event, so it is null here (GET the order for it).
 */
export const glomopayWebhookFormat: WebhookFormat = {
  envelope: (event) => {
    const o = event.data as OrderJson;
    const order = glomopayOrder(
      {
        id: decodeId('order', o.id)!,
        customerId: o.customer && decodeId('customer', o.customer),
        status: o.status,
        currency: o.currency,
        amount: o.amount,
        description: o.description,
        reference: o.reference,
        metadata: o.metadata,
        paymentMethods: o.payment_methods,
        redirectUrl: o.redirect_url,
        // The key is the checkout URL's last segment (/c/<key>).
        checkoutKey: o.checkout_url.slice(o.checkout_url.lastIndexOf('/') + 1),
        createdAt: new Date(o.created_at),
        updatedAt: new Date(o.updated_at),
      },
      null,
      (o.document_requests ?? []).filter((r) => r.document === null).map((r) => ({ id: decodeId('documentRequest', r.id)!, type: r.document_type })),
    );
    const body = { entity_type: 'orders', event_type: GLOMOPAY_ORDER_EVENTS[event.type] ?? event.type, data: order };
    return { id: encodeId('event', event.id), body: JSON.stringify(body), contentType: 'application/json' };
  },
  sign: (message, secrets) => ({ 'x-glomopay-signature': glomopaySignature(secrets[0]!, message.body) }),
  retryDelaysMs: (livemode) => (livemode ? GLOMOPAY_RETRY_DELAYS_MS.live : GLOMOPAY_RETRY_DELAYS_MS.test),
};
