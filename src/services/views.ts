import type { Customer } from '../domain/customers.js';
import { quoteJson } from '../domain/fx.js';
import { encodeId } from '../domain/ids.js';
import { amountDue } from '../domain/order-money.js';
import type { Order } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import type { BalanceTransaction } from '../store/ledger.sql.js';
import type { StoredEvent } from '../store/events.sql.js';
import { checkoutUrlFor } from './checkout-links.js';

/**
 * The canonical (/v1) shape of each object. Events store exactly this shape, so what a webhook will
 * deliver and what GET returns never disagree.
 */
const iso = (date: Date | null) => (date ? date.toISOString() : null);
const maybeId = (kind: 'customer' | 'store' | 'branch', uuid: string | null) => (uuid ? encodeId(kind, uuid) : null);

export function orderView(order: Order) {
  return {
    id: encodeId('order', order.id),
    object: 'order' as const,
    livemode: order.livemode,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    amount_paid: order.amountPaid,
    amount_due: amountDue(order),
    amount_overpaid: order.amountOverpaid,
    amount_refunded: order.amountRefunded,
    customer: maybeId('customer', order.customerId),
    reference: order.reference,
    description: order.description,
    metadata: order.metadata,
    line_items: order.lineItems,
    payment_methods: order.paymentMethods,
    locale: order.locale,
    redirect_url: order.redirectUrl,
    store: maybeId('store', order.storeId),
    branch: maybeId('branch', order.branchId),
    expires_at: iso(order.expiresAt),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    canceled_at: iso(order.canceledAt),
    cancellation_reason: order.cancellationReason,
    expired_at: iso(order.expiredAt),
    payments: order.paymentIds.map((id) => encodeId('payment', id)),
    checkout_url: checkoutUrlFor(order),
  };
}

export function paymentView(payment: Payment) {
  return {
    id: encodeId('payment', payment.id),
    object: 'payment' as const,
    livemode: payment.livemode,
    order: encodeId('order', payment.orderId),
    method: payment.method,
    provider: payment.provider,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    quote: payment.quote && quoteJson(payment.quote),
    amount_received: payment.amountReceived,
    amount_refunded: payment.amountRefunded,
    // As Stripe's charge says it: all it received went back (nothing received is nothing refunded).
    refunded: payment.amountRefunded > 0 && payment.amountRefunded >= payment.amountReceived,
    fee: payment.fee,
    late: payment.late,
    instructions: payment.instructions,
    provider_reference: payment.providerReference,
    provider_metadata: payment.providerMetadata,
    failure_code: payment.failureCode,
    failure_message: payment.failureMessage,
    // A card's: why it was declined, and what the payer must do first (3-D Secure).
    decline_code: payment.method === 'card' && payment.status === 'failed' ? payment.failureCode : null,
    next_action: payment.status === 'requires_action' ? ((payment.instructions?.next_action as { type: 'redirect'; url: string } | undefined) ?? null) : null,
    expires_at: iso(payment.expiresAt),
    created_at: payment.createdAt.toISOString(),
    updated_at: payment.updatedAt.toISOString(),
    succeeded_at: iso(payment.succeededAt),
  };
}

export function balanceTransactionView(bt: BalanceTransaction) {
  return {
    id: encodeId('balanceTransaction', bt.id),
    object: 'balance_transaction' as const,
    livemode: bt.livemode,
    type: bt.type,
    source: bt.refundId ? encodeId('refund', bt.refundId) : encodeId('payment', bt.paymentId),
    currency: bt.currency,
    amount: bt.amount,
    fee: bt.fee,
    net: bt.net,
    owed_to_payer: bt.owedToPayer,
    status: bt.status,
    available_on: bt.availableOn.toISOString(),
    created_at: bt.createdAt.toISOString(),
    fx: bt.fx,
  };
}

export function customerView(customer: Customer) {
  return {
    id: encodeId('customer', customer.id),
    object: 'customer' as const,
    livemode: customer.livemode,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    tax_id: customer.taxId,
    metadata: customer.metadata,
    created_at: customer.createdAt.toISOString(),
    updated_at: customer.updatedAt.toISOString(),
  };
}

export function eventView(event: StoredEvent) {
  return {
    id: encodeId('event', event.id),
    object: 'event' as const,
    type: event.type,
    livemode: event.livemode,
    created_at: event.createdAt.toISOString(),
    data: { object: event.data, ...(event.previousAttributes ? { previous_attributes: event.previousAttributes } : {}) },
    actor: event.cause?.actor ?? null,
    request: event.cause?.request ? { id: event.cause.request.id, idempotency_key: event.cause.request.idempotencyKey } : null,
  };
}
