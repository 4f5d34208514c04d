import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { Actor } from '../../../domain/actor.js';
import { encodeId } from '../../../domain/ids.js';
import type { Db } from '../../../store/db.js';
import { createCardToken, type CardPaymentOptions } from '../../../services/cards.js';
import type { PaymentDeps } from '../../../services/payment-context.js';

/**
 * A card as CertoPay's clients send it, on tokenize-card and as raw card data on process: the holder's name in
 * capitals, the number, the brand, the expiry as "MM" and "YY" strings (numbers are taken too) and the CVV.
 */
export const CertoPayCard = Type.Object({
  holderName: Type.Optional(Type.String({ maxLength: 100, description: 'As printed, in capitals' })),
  number: Type.String({ maxLength: 32, description: 'Digits (spaces and dashes are ignored)' }),
  brand: Type.Optional(Type.String({ maxLength: 20, description: 'Visa, Mastercard, Elo, … (checked against the number when given)' })),
  expMonth: Type.Union([Type.String({ maxLength: 2 }), Type.Integer({ minimum: 1, maximum: 12 })], { description: '"12"' }),
  expYear: Type.Union([Type.String({ maxLength: 4 }), Type.Integer({ minimum: 0, maximum: 9999 })], { description: '"28" or "2028"' }),
  cvv: Type.String({ maxLength: 4 }),
});
export type CertoPayCard = Static<typeof CertoPayCard>;

const BRANDS: Record<string, string> = { visa: 'visa', mastercard: 'mastercard', master: 'mastercard', elo: 'elo', amex: 'amex', 'american express': 'amex', hipercard: 'hipercard', maestro: 'maestro', discover: 'discover' };

function expiryPart(field: 'expMonth' | 'expYear', value: string | number, max: number): number {
  const n = typeof value === 'number' ? value : /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < (field === 'expMonth' ? 1 : 0) || n > max) throw AppError.invalidField(`/${field}`, 'invalid', field === 'expMonth' ? 'must be a month, "01" to "12"' : 'must be the year, "28" or "2028"');
  return n;
}

/**
 * Tokenizes CertoPay card data through the card service (checks, velocity limits, the acquirer), naming CertoPay's
 * fields in its errors; answers the single-use token. A brand given must be the number's.
 */
export async function tokenizeCertoPayCard(
  db: Db,
  deps: PaymentDeps,
  actor: Actor,
  card: CertoPayCard,
  clientAddress: string,
): Promise<{ id: string; brand: string; last4: string; expiresAt: Date }> {
  const body = { number: card.number.replace(/[\s-]/g, ''), exp_month: expiryPart('expMonth', card.expMonth, 12), exp_year: expiryPart('expYear', card.expYear, 9999), cvc: card.cvv };
  try {
    const { object } = await createCardToken(db, deps, actor, body, clientAddress);
    if (card.brand !== undefined && BRANDS[card.brand.trim().toLowerCase()] !== object.brand) {
      throw AppError.invalidField('/brand', 'brand_mismatch', `is ${card.brand} but the number is a ${object.brand} card`);
    }
    return { id: encodeId('cardToken', object.tokenId), brand: object.brand, last4: object.last4, expiresAt: object.expiresAt };
  } catch (error) {
    throw renamedCardFields(error);
  }
}

/** The card service names its fields /card/number, /card/cvc, …: CertoPay's clients sent number, cvv, expYear. */
function renamedCardFields(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_error') return error;
  const names: Record<string, string> = { '/card/number': '/number', '/card/cvc': '/cvv', '/card/exp_year': '/expYear', '/card/exp_month': '/expMonth' };
  return new AppError(error.code, error.message, error.fields.map((f) => ({ ...f, path: names[f.path] ?? f.path })));
}

/** The card terms of a CARD payment: a card token (from tokenize-card or just made from raw data) charged at once. */
export function certoPayCardTerms(token: string, installments: number | undefined, clientAddress: string): CardPaymentOptions {
  return { token, installments, captureMethod: 'automatic', clientAddress };
}
