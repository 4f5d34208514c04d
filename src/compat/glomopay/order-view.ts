import type { Order } from '../../domain/orders.js';
import { metadataAsSent } from '../metadata.js';
import { glomopayId } from './ids.js';
import type { GlomopayAttributes } from './order-request.js';
import { GLOMOPAY_ORDER_STATUS } from './status.js';

/** Glomopay writes UTC times to the second: `2021-06-01T12:00:00Z`. */
export const glomopayTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * An order as Glomopay answers it. Its own fields come from the canonical order (a change made through
 * /v1 shows here); Glomopay's other fields from what the face kept, null where none was sent, as Glomopay
 * answers. `rfi_documents` appears only with `action_required`: none are asked for yet, so it is empty.
 */
/** What an order view needs of the order: a domain order, or one read back from an event's /v1 JSON. */
export type GlomopayOrderFields = Pick<
  Order,
  'id' | 'customerId' | 'status' | 'currency' | 'amount' | 'description' | 'reference' | 'metadata' | 'paymentMethods' | 'createdAt' | 'updatedAt'
>;

export function glomopayOrder(order: GlomopayOrderFields, kept: GlomopayAttributes | null) {
  const a = kept ?? {};
  const status = GLOMOPAY_ORDER_STATUS[order.status];
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
    created_at: glomopayTime(order.createdAt),
    updated_at: glomopayTime(order.updatedAt),
    ...(status === 'action_required' ? { rfi_documents: [] } : {}),
  };
}
