import type { Actor } from '../../../domain/actor.js';
import { AppError } from '../../../domain/errors.js';
import { encodeId } from '../../../domain/ids.js';
import type { Order } from '../../../domain/orders.js';
import type { Payment } from '../../../domain/payments.js';
import { createCardToken, type CardPaymentOptions } from '../../../services/cards.js';
import type { PaymentDeps } from '../../../services/payment-context.js';
import type { Db } from '../../../store/db.js';
import { invalid, text, type Model } from '../binding.js';
import { byrd, type ByrdCode } from '../codes.js';
import { money } from '../schema.js';
import { PAYBYRD_TRANSACTION_STATUS } from '../status.js';

/**
 * A card as Paybyrd's payment takes it: the card itself (`number`, `expiration` "MM/YY", `cvv`, `holder`),
 * or `tokenId`, a card tokenized before (here a Payorders card token, tok_… from POST /v1/tokens with the
 * publishable key, or a saved card, pm_…).
 */
export const PAYBYRD_CARD: Model = { number: text(32), expiration: text(9), cvv: text(4), holder: text(100), tokenId: text(64) };

export interface PaybyrdCard {
  number?: string;
  expiration?: string;
  cvv?: string;
  holder?: string;
  tokenId?: string;
}

const EXPIRATION = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/;

/** The card service names its fields as /v1 does (card.cvc, card.exp_year, token): here they are Paybyrd's. */
const PAYBYRD_FIELDS: Readonly<Record<string, string>> = {
  '/card/cvc': '/card/cvv',
  '/card/exp_month': '/card/expiration',
  '/card/exp_year': '/card/expiration',
  '/token': '/card/tokenId',
  '/payment_method': '/card/tokenId',
};

/** An error of the card service, naming Paybyrd's fields in its field list and its message. */
export function withPaybyrdCardFields(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_error') return error;
  const dotted = (path: string) => path.slice(1).replaceAll('/', '.');
  let message = error.message;
  const fields = error.fields.map((field) => {
    const path = PAYBYRD_FIELDS[field.path];
    if (!path) return field;
    message = message.replace(dotted(field.path), dotted(path));
    return { ...field, path };
  });
  return new AppError(error.code, message, fields);
}

/**
 * The card terms of a Paybyrd payment: its token or saved card as sent, or the card tokenized here first
 * (through the card service: checks, velocity limits, the acquirer; the number and CVV are kept nowhere).
 * `isPreAuth` holds the amount for a later capture (POST /api/v2/capture/{transactionId}).
 */
export async function paybyrdCardTerms(
  db: Db,
  deps: PaymentDeps,
  actor: Actor,
  card: PaybyrdCard,
  terms: { isPreAuth: boolean; returnUrl: string | undefined; clientAddress: string },
): Promise<CardPaymentOptions> {
  const options: CardPaymentOptions = { captureMethod: terms.isPreAuth ? 'manual' : 'automatic', clientAddress: terms.clientAddress, returnUrl: terms.returnUrl };
  if (card.tokenId !== undefined) {
    if (card.number !== undefined) throw invalid('card.tokenId', 'conflict', 'or the card number, not both');
    return card.tokenId.startsWith('pm_') ? { ...options, paymentMethod: card.tokenId } : { ...options, token: card.tokenId };
  }
  for (const name of ['number', 'expiration', 'cvv'] as const) {
    if (card[name] === undefined) throw invalid(`card.${name}`, 'missing', 'is required (or card.tokenId)');
  }
  const expiry = EXPIRATION.exec(card.expiration!);
  const month = expiry ? Number(expiry[1]) : 0;
  if (!expiry || month < 1 || month > 12) throw invalid('card.expiration', 'invalid_expiration', 'must be the expiry month and year, "MM/YY"');
  const body = { number: card.number!.replace(/[\s-]/g, ''), exp_month: month, exp_year: Number(expiry[2]), cvc: card.cvv! };
  try {
    const { object } = await createCardToken(db, deps, actor, body, terms.clientAddress);
    return { ...options, token: encodeId('cardToken', object.tokenId) };
  } catch (error) {
    throw withPaybyrdCardFields(error);
  }
}

/** A payment's return code by its status: what Paybyrd answers a new payment with. */
const PAYMENT_CODE: Readonly<Record<Payment['status'], ByrdCode>> = {
  succeeded: 'BYRD200',
  requires_capture: 'BYRD200',
  requires_action: 'BYRD207',
  pending: 'BYRD201',
  // The acquirer's answer did not arrive: Paybyrd's "query the transaction to confirm its status".
  processing: 'BYRD203',
  failed: 'BYRD205',
  canceled: 'BYRD208',
  expired: 'BYRD208',
};

interface ShownCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
}

/**
 * A card payment as Paybyrd's create-payment answers it: `transactionId` at the root, the card masked, the
 * return code by outcome, and `action.url` when the payer must pass a 3-D Secure challenge first. Beyond
 * Paybyrd's fields: `orderId` (the order it pays) and the PascalCase `status` of its transaction query.
 */
export function paybyrdPaymentAnswer(payment: Payment, order: Order, holder: string | undefined) {
  const card = payment.providerMetadata.card as ShownCard;
  const challenge = payment.status === 'requires_action' ? (payment.instructions?.next_action as { url?: string } | undefined)?.url : undefined;
  return {
    type: 'Card',
    transactionId: payment.id,
    orderId: order.id,
    orderRef: order.reference,
    ...money(payment.amount, payment.currency),
    currency: payment.currency,
    isPreAuth: payment.providerMetadata.capture_method === 'manual',
    status: PAYBYRD_TRANSACTION_STATUS[payment.status],
    brand: card.brand.toUpperCase(),
    fingerprint: card.fingerprint,
    card: {
      number: `${'*'.repeat(12)}${card.last4}`,
      expiration: `${String(card.exp_month).padStart(2, '0')}/${String(card.exp_year % 100).padStart(2, '0')}`,
      holder: holder ?? null,
    },
    ...(challenge ? { action: { type: 'redirect', url: challenge } } : {}),
    ...(payment.status === 'failed' ? { acquirerResponseCode: payment.failureCode, acquirerResponseMessage: payment.failureMessage } : {}),
    ...byrd(PAYMENT_CODE[payment.status]),
  };
}
