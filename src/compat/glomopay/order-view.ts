import type { Order } from '../../domain/orders.js';
import { checkoutUrlFor } from '../../services/checkout-links.js';
import { documentRequestsOf, stillAsked } from '../../services/order-reviews.js';
import type { Queryable } from '../../store/db.js';
import { metadataAsSent } from '../metadata.js';
import { glomopayId } from '../../domain/glomopay-ids.js';
import type { GlomopayAttributes } from './order-request.js';
import { glomopayStatus } from './status.js';

/** Glomopay writes UTC times to the second: `2021-06-01T12:00:00Z`. */
export const glomopayTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** What an order view needs of the order: a domain order, or one read back from an event's /v1 JSON. */
export type GlomopayOrderFields = Pick<
  Order,
  'id' | 'customerId' | 'status' | 'currency' | 'amount' | 'description' | 'reference' | 'metadata' | 'paymentMethods' | 'redirectUrl' | 'checkoutKey' | 'createdAt' | 'updatedAt'
>;

/** A document a compliance review still asks of the merchant: its request's UUID and the type asked for. */
export interface AskedDocument {
  id: string;
  type: string;
}

/**
 * An order as Glomopay answers it. Its own fields come from the canonical order (a change made through
 * /v1 shows here); Glomopay's other fields from what the face kept, null where none was sent, as Glomopay
 * answers. `rfi_documents` appears only with `action_required`: the documents still asked for (none when
 * the payer's action, 3-D Secure, is what is required). Glomopay's API reference names an entry's fields
 * `rfi_doc_id` and `name`, its RFI guide `rfi_document_id` and `required_document_type`: both are sent.
 * `checkout_url` and `redirect_url` are Payorders' own: the hosted checkout, and where it returns the payer.
 */
export function glomopayOrder(order: GlomopayOrderFields, kept: GlomopayAttributes | null, asked: readonly AskedDocument[] = []) {
  const a = kept ?? {};
  const status = glomopayStatus(order.status, asked.length);
  const bank = a.bank_account_details;
  return {
    id: glomopayId('order', order.id),
    customer_id: order.customerId && glomopayId('customer', order.customerId),
    document_id: a.document_id ?? null,
    status,
    currency: order.currency,
    amount: order.amount,
    purpose_code: a.purpose_code ?? null,
    invoice_number: a.invoice_number ?? null,
    invoice_description: order.description,
    invoice_amount: a.invoice_amount ?? null,
    reference_number: order.reference,
    price_id: a.price_id ?? null,
    product: a.product ?? null,
    notes: Object.keys(order.metadata).length ? (metadataAsSent(order.metadata, a.notes) as Record<string, string | number | boolean>) : null,
    ...(a.bank_account_id ? { bank_account_id: a.bank_account_id } : {}),
    bank_account_details: bank
      ? { account_number: bank.account_number, bic_primary: bank.bic_primary ?? null, bic_secondary: bank.bic_secondary ?? null, bank_customer_id: bank.bank_customer_id ?? null }
      : null,
    payment_methods: order.paymentMethods,
    request_id: a.request_id ?? null,
    checkout_url: checkoutUrlFor(order),
    redirect_url: order.redirectUrl,
    created_at: glomopayTime(order.createdAt),
    updated_at: glomopayTime(order.updatedAt),
    ...(status === 'action_required' ? { rfi_documents: asked.map(rfiDocument) } : {}),
  };
}

function rfiDocument(asked: AskedDocument) {
  const id = glomopayId('documentRequest', asked.id);
  return { rfi_doc_id: id, name: asked.type, rfi_document_id: id, required_document_type: asked.type };
}

/** The documents still asked for of each order held for review, in one query (none for the rest). */
export async function documentsAskedOf(db: Queryable, merchantId: string, orders: readonly Pick<Order, 'id' | 'status'>[]): Promise<Map<string, AskedDocument[]>> {
  const requests = await documentRequestsOf(db, merchantId, orders);
  return new Map([...requests].map(([orderId, made]) => [orderId, stillAsked(made)]));
}
