import type { PaymentMethod } from '../../domain/orders.js';

/**
 * Paybyrd's payment method words and the canonical method each one is. PIX and BOLETO are not in Paybyrd's
 * enum; they are accepted so a Paybyrd integration can offer the rails Payorders has. FLOA (buy now, pay
 * later) has no rail here yet, so it is refused rather than silently dropped.
 */
export const PAYBYRD_METHODS = {
  CARD: 'card',
  MBWAY: 'mb_way',
  SIBS_MULTIBANCO: 'multibanco',
  IDEAL: 'ideal',
  PAYPAL: 'paypal',
  MULTICAIXA_REF: 'multicaixa',
  SEPA: 'sepa_debit',
  PIX: 'pix',
  BOLETO: 'boleto',
} as const satisfies Record<string, PaymentMethod>;
export type PaybyrdMethod = keyof typeof PAYBYRD_METHODS;

const BY_CANONICAL = new Map<PaymentMethod, string>(Object.entries(PAYBYRD_METHODS).map(([word, method]) => [method, word]));

/** A canonical method in Paybyrd's words; one Paybyrd has no word for is spelled in upper case (AR_TRANSFER_QR). */
export function paybyrdMethod(method: PaymentMethod): string {
  return BY_CANONICAL.get(method) ?? method.toUpperCase();
}
