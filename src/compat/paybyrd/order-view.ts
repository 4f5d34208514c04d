import { currencyExponent } from '../../domain/money.js';
import type { Order } from '../../domain/orders.js';
import type { Payment } from '../../domain/payments.js';
import { TRAVEL_TYPES, type LineItem } from '../../domain/orders.js';
import { checkoutUrlFor } from '../../services/checkout-links.js';
import { metadataAsSent } from '../metadata.js';
import { byrd, type ByrdCode } from './codes.js';
import type { PaybyrdAttributes } from './order-request.js';
import { PAYBYRD_TRAVEL_TYPES } from './order-request.js';
import { paybyrdMethod } from './payment-methods.js';
import { PAYBYRD_ORDER_STATUS, PAYBYRD_TRANSACTION_STATUS } from './status.js';

/** Paybyrd writes UTC times to the second: `2021-08-24T17:45:27Z`. */
export const paybyrdTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Minor units as Paybyrd's decimal `amount` string in major units: 1250 EUR → "12.50". */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  if (exponent === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * An order as Paybyrd's create answers it. The order's own fields come from the canonical order (so a
 * change made through /v1 or another face shows here); what only Paybyrd clients send comes from the
 * face's attributes, as they sent it. `checkoutUrl` is the order's hosted checkout page, and
 * `checkoutKey` the key in it (Paybyrd's is an opaque token its card-collect scripts take; ours is the page's).
 */
export function paybyrdOrder(order: Order, attributes: PaybyrdAttributes | null) {
  const paymentOptions = { ...attributes?.paymentOptions };
  if (order.paymentMethods) paymentOptions.allowedPaymentMethods = order.paymentMethods.map(paybyrdMethod);
  else delete paymentOptions.allowedPaymentMethods;
  return {
    orderId: order.id,
    orderDate: paybyrdTime(order.createdAt),
    ...(order.expiresAt ? { expiresAt: paybyrdTime(order.expiresAt) } : {}),
    checkoutUrl: checkoutUrlFor(order),
    checkoutKey: order.checkoutKey,
    status: PAYBYRD_ORDER_STATUS[order.status],
    isoAmount: order.amount,
    amount: decimalAmount(order.amount, order.currency),
    currency: order.currency,
    orderRef: order.reference,
    ...(attributes?.shopper ? { shopper: { shopperId: shopperId(order), ...attributes.shopper } } : {}),
    ...(order.lineItems.length ? { shoppingCart: order.lineItems.map(cartItem) } : {}),
    orderOptions: {
      ...(order.redirectUrl !== null ? { redirectUrl: order.redirectUrl } : {}),
      ...(order.locale !== null ? { culture: order.locale } : {}),
      ...attributes?.orderOptions,
    },
    ...(Object.keys(paymentOptions).length ? { paymentOptions } : {}),
    ...(Object.keys(order.metadata).length ? { metadata: metadataAsSent(order.metadata, attributes?.metadata) } : {}),
    ...byrd('BYRD200'),
  };
}

/** The order as Paybyrd's query answers it: the created shape and its money and transactions. */
export function paybyrdOrderDetail(order: Order, attributes: PaybyrdAttributes | null, payments: Payment[]) {
  const { code, description, ...created } = paybyrdOrder(order, attributes);
  const oldestFirst = [...payments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    ...created,
    refundedAmount: decimalAmount(order.amountRefunded, order.currency),
    isoRefundedAmount: order.amountRefunded,
    canceledDate: order.canceledAt && paybyrdTime(order.canceledAt),
    lastTransactionId: oldestFirst.at(-1)?.id ?? null,
    transactions: oldestFirst.map(paybyrdTransaction),
    code,
    description,
  };
}

export function paybyrdTransaction(payment: Payment) {
  return {
    transactionId: payment.id,
    status: PAYBYRD_TRANSACTION_STATUS[payment.status],
    isoAmount: payment.amount,
    amount: decimalAmount(payment.amount, payment.currency),
    currency: payment.currency,
    paymentMethod: paybyrdMethod(payment.method),
    operationType: 'Payment' as const,
    createdDate: paybyrdTime(payment.createdAt),
  };
}

/** A transaction's return code, by its status: what Paybyrd answers a transaction query with. */
const TRANSACTION_CODE: Readonly<Record<string, ByrdCode>> = { Success: 'BYRD200', Processing: 'BYRD201', Denied: 'BYRD205', Canceled: 'BYRD208' };

/** A payment as Paybyrd's transaction query answers it, with its order's reference. */
export function paybyrdTransactionDetail(payment: Payment, order: Order) {
  const transaction = paybyrdTransaction(payment);
  return {
    ...transaction,
    orderId: order.id,
    orderRef: order.reference,
    brand: transaction.paymentMethod,
    transactionDate: payment.succeededAt && paybyrdTime(payment.succeededAt),
    referencedTransactions: [],
    ...byrd(TRANSACTION_CODE[transaction.status] ?? 'BYRD299'),
  };
}

/**
 * The shopper's id is derived from the order's, so it is stable without storing a second id: the
 * order's UUID with its version nibble set to 8 (custom), never equal to any order id.
 */
function shopperId(order: Order): string {
  return `${order.id.slice(0, 14)}8${order.id.slice(15)}`;
}

const ITEM_TYPE = { product: 'Product', travel: 'Travel', stay: 'TravelWithStay' } as const;

function cartItem(line: LineItem) {
  const t = line.travel;
  const item: Record<string, unknown> = { type: ITEM_TYPE[line.type] };
  const set = (name: string, value: unknown) => {
    if (value !== undefined) item[name] = value;
  };
  set('description', line.description);
  set('amount', line.unit_amount);
  set('categories', line.categories);
  if (line.shipping_method !== undefined) item.shipping = { shippingMethod: line.shipping_method };
  if (t) {
    set('travelType', t.travel_type && PAYBYRD_TRAVEL_TYPES[TRAVEL_TYPES.indexOf(t.travel_type)]);
    set('departure', t.departure);
    set('departureDate', t.departure_at);
    set('destination', t.destination);
    set('destinationCountryCode', t.destination_country);
    set('returnDate', t.return_at);
    set('travelersCount', t.travelers);
    set('mainDepartureCompany', t.carrier);
    set('hasInsurance', t.has_insurance);
  }
  set('roomRange', line.stay?.room_range);
  return item;
}
