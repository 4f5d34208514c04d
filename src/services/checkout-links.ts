import { randomBytes } from 'node:crypto';
import type { Order } from '../domain/orders.js';

/**
 * Where the hosted checkout is reached. The base is the installation's PUBLIC_BASE_URL, set once when the
 * app is built: an order's view (its API answer and its events' data) carries its checkout URL, and that
 * view is made in many places that have no configuration at hand.
 */
let publicBaseUrl = 'http://127.0.0.1:3000';

export function useCheckoutBaseUrl(url: string): void {
  publicBaseUrl = url;
}

/** A new order's checkout key: 128 random bits, base64url (22 characters). */
export const newCheckoutKey = (): string => randomBytes(16).toString('base64url');

export const CHECKOUT_PATH = '/c/';
export const PAYMENT_LINK_PATH = '/l/';

/** The order's hosted checkout page; the vendor faces hand it out as their checkoutUrl. */
export function checkoutUrlFor(order: Pick<Order, 'checkoutKey'>): string {
  return `${publicBaseUrl}${CHECKOUT_PATH}${order.checkoutKey}`;
}

/** A payment link's short URL. */
export function paymentLinkUrlFor(code: string): string {
  return `${publicBaseUrl}${PAYMENT_LINK_PATH}${code}`;
}
