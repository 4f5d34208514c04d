import { parseTimeSpan } from './timespan.js';

/**
 * What a Paybyrd order's paymentOptions (kept as the face bound them) ask of the hosted checkout besides
 * maxAttempts. Paybyrd's hosted page acts on them; ours does too, for the orders made through its face.
 */
export interface PaybyrdCheckoutOptions {
  /**
   * Creation + sessionExpiresIn: "the time that the shopper has to initiate the payment" on the page. After
   * it the page starts no payment (one already started may still be paid); null: only the order's expiry.
   */
  sessionEndsAt: Date | null;
  /** cardOptions.isPreAuth: a card paid with on the page is authorised only, for a later capture. */
  preAuthorize: boolean;
  /**
   * tokenOptions: the card paid with is saved under customReference (the payer's "virtual wallet"; its
   * saved cards are offered on the page), for on-session payments (cardOnFile, the default) or
   * merchant-initiated ones (subscription); `required` (tokenizationIsRequired) leaves the payer no choice.
   */
  saveCard: { reference: string; usage: 'on_session' | 'off_session'; required: boolean } | null;
}

interface PaymentOptions {
  sessionExpiresIn?: unknown;
  cardOptions?: { isPreAuth?: unknown };
  tokenOptions?: { customReference?: unknown; tokenizationIsRequired?: unknown; tokenizationMethod?: unknown };
}

export function paybyrdCheckoutOptions(attributes: Record<string, unknown> | null, createdAt: Date): PaybyrdCheckoutOptions {
  const options = (attributes?.paymentOptions ?? {}) as PaymentOptions;
  const session = typeof options.sessionExpiresIn === 'string' ? parseTimeSpan(options.sessionExpiresIn) : null;
  const token = options.tokenOptions;
  const reference = typeof token?.customReference === 'string' && token.customReference !== '' ? token.customReference : null;
  return {
    sessionEndsAt: session !== null && session > 0 ? new Date(createdAt.getTime() + session) : null,
    preAuthorize: options.cardOptions?.isPreAuth === true,
    saveCard: reference === null ? null : { reference, usage: token!.tokenizationMethod === 'subscription' ? 'off_session' : 'on_session', required: token!.tokenizationIsRequired === true },
  };
}
