import { createHmac } from 'node:crypto';
import { glomopayId } from './glomopay-ids.js';

/**
 * A Glomopay checkout's result, which the payer's return to the merchant carries: `{payment_id, order_id,
 * status, signature}`, the signature the lowercase hex HMAC-SHA256 of `order_id|payment_id|status` keyed
 * by the secret key the order was created with, so the merchant's server can tell a result the checkout
 * gave from one a payer typed. `status` is `success`: the page returns the payer once the payment succeeded.
 */
export function glomopayCheckoutResult(orderId: string, paymentId: string, secretKey: string | null) {
  const result = { payment_id: glomopayId('payment', paymentId), order_id: glomopayId('order', orderId), status: 'success' };
  return { ...result, ...(secretKey === null ? {} : { signature: glomopayResultSignature(secretKey, result) }) };
}

export function glomopayResultSignature(secretKey: string, r: { order_id: string; payment_id: string; status: string }): string {
  return createHmac('sha256', secretKey).update(`${r.order_id}|${r.payment_id}|${r.status}`).digest('hex');
}

/** What a Glomopay order's sealed secret key is bound to: its merchant (see Sealer). */
export const glomopayKeySealContext = (merchantId: string) => `glomopay-checkout-key:${merchantId}`;
