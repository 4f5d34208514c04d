import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId, uuidv7 } from '../domain/ids.js';
import { maxAttemptsOf } from '../domain/max-attempts.js';
import type { Order } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import { isCardConnector, type CardConnector, type DeclineCode } from '../rails/card/acquirer.js';
import { cvcLength, parseCardNumber } from '../rails/card/card-number.js';
import { isTestCard } from '../rails/card/test-cards.js';
import type { CardChargeRequest, Connector } from '../rails/connector.js';
import { hmacSha256Hex } from '../rails/signature.js';
import {
  consumeCardToken,
  countFailedCardPayments,
  deleteSavedCard,
  findCardToken,
  findSavedCard,
  fingerprintSecret,
  insertCardToken,
  insertSavedCard,
  listSavedCards,
  type CardToken,
  type SavedCard,
  type StoredCard,
} from '../store/cards.sql.js';
import { findCheckoutSettings } from '../store/checkout.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { findFaceAttributesOf } from '../store/face-orders.sql.js';
import { cardDefences } from './card-defences.js';
import { getCustomer } from './customers.js';
import type { Written } from './orders.js';
import { connectorContext, type PaymentDeps } from './payment-context.js';
import { recentPaymentSettings } from './payment-settings.js';

/**
 * Cards: tokens (POST /v1/tokens), the card terms of a payment, and saved cards (payment methods). A card's
 * number and CVC pass through tokenize to the acquirer and are dropped: what is kept is the acquirer's
 * reference, what may be shown (brand, last 4, expiry, funding, country) and the merchant's fingerprint.
 */

export interface CardBody {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

const field = (name: string, code: string, message: string) => AppError.invalidField(`/card/${name}`, code, message);

/** A two-digit year is this century's; a card is good until the end of its expiry month. */
function checkExpiry(body: CardBody, now: Date): { expMonth: number; expYear: number } {
  const expYear = body.exp_year < 100 ? 2000 + body.exp_year : body.exp_year;
  const expMonth = body.exp_month;
  if (expYear * 12 + expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) throw field('exp_year', 'card_expired', 'with exp_month is in the past: the card has expired');
  if (expYear > now.getUTCFullYear() + 50) throw field('exp_year', 'invalid_expiry', 'is more than 50 years ahead');
  return { expMonth, expYear };
}

/** The merchant's card connector in the caller's mode: a live one in live mode, or a clear refusal. */
async function cardConnectorFor(db: Queryable, deps: PaymentDeps, actor: Actor): Promise<{ connector: CardConnector; account: Record<string, unknown> & { provider: string } }> {
  const settings = await recentPaymentSettings(db, deps.rails, actor.merchantId, actor.livemode);
  const account = settings.accounts.card;
  const connector = account && deps.rails.connector('card', account.provider);
  if (!account || !isCardConnector(connector) || (actor.livemode && !connector.live)) {
    const why = actor.livemode ? 'live card payments need a real acquirer (PAYORDERS_CARD_ACQUIRER_URL) and the card account set up in live mode' : 'cards are not set up in test mode';
    throw new AppError('payment_method_not_configured', `Cards are refused: ${why}; see POST /v1/settings/payments`);
  }
  return { connector, account };
}

export function cardDeclined(code: DeclineCode | string, message: string): AppError {
  return new AppError('card_declined', message, [], {}, 0, { decline_code: code });
}

/**
 * Tokenizes a card: checks it (Luhn, brand, expiry, CVC length; test numbers are refused in live mode),
 * gives it to the acquirer, and keeps a single-use token of what came back. Counts as a card attempt for
 * the velocity limits and the breaker. Nothing of the number but its last 4 and fingerprint is kept.
 */
export async function createCardToken(db: Db, deps: PaymentDeps, actor: Actor, body: CardBody, clientAddress: string): Promise<Written<CardToken>> {
  const defences = cardDefences(deps.clock, deps.cards);
  defences.takeAttempt(actor.principal.id, clientAddress);
  defences.assertBreakerClosed(actor.merchantId, actor.livemode);
  const now = deps.clock.now();
  const parsed = parseCardNumber(body.number);
  if ('problem' in parsed) {
    const reasons = { not_digits: 'is not 12 to 19 digits', unknown_brand: 'is of no brand taken (Visa, Mastercard, Amex, Elo, Hipercard, Maestro, Discover)', invalid_length: "has the wrong length for its brand", invalid_check_digit: 'fails its check digit (Luhn)' };
    throw field('number', parsed.problem === 'invalid_check_digit' ? 'invalid_card_number' : parsed.problem, reasons[parsed.problem]);
  }
  const { expMonth, expYear } = checkExpiry(body, now);
  if (!new RegExp(`^\\d{${cvcLength(parsed.brand)}}$`).test(body.cvc)) throw field('cvc', 'invalid_cvc', `must be ${cvcLength(parsed.brand)} digits for ${parsed.brand}`);
  if (actor.livemode && isTestCard(parsed.digits)) throw field('number', 'test_card_in_live_mode', 'is a public test card number: live mode refuses it');

  const { connector, account } = await cardConnectorFor(db, deps, actor);
  const ctx = connectorContext(deps, db, actor.merchantId, actor.livemode, account);
  const answer = await connector.tokenize(ctx, { number: parsed.digits, expMonth, expYear, cvc: body.cvc });
  if (answer.outcome === 'declined') {
    defences.recordOutcome(actor.merchantId, actor.livemode, true);
    throw cardDeclined(answer.failure.code, answer.failure.message);
  }
  if (answer.outcome !== 'succeeded') throw new AppError('provider_unavailable', `The card acquirer ${connector.provider} did not take the card (${answer.message}); retry`);
  const secret = await merchantFingerprintSecret(db, actor, now);
  const token: CardToken = {
    merchantId: actor.merchantId,
    tokenId: uuidv7(now.getTime()),
    livemode: actor.livemode,
    provider: connector.provider,
    cardReference: answer.reference,
    brand: parsed.brand,
    last4: parsed.digits.slice(-4),
    expMonth,
    expYear,
    funding: answer.funding,
    country: answer.country,
    fingerprint: hmacSha256Hex(secret, parsed.digits).slice(0, 32),
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.cards.tokenLifetimeMs),
    usedAt: null,
  };
  await insertCardToken(db, token);
  return { object: token, json: JSON.stringify(tokenView(token)) };
}

/** A merchant's fingerprint key never changes once made: each node reads it once. */
const fingerprintSecrets = new Map<string, Buffer>();
const MAX_FINGERPRINT_SECRETS = 10_000;

async function merchantFingerprintSecret(db: Queryable, actor: Actor, now: Date): Promise<Buffer> {
  const key = `${actor.merchantId}:${actor.livemode}`;
  const known = fingerprintSecrets.get(key);
  if (known) return known;
  const secret = await fingerprintSecret(db, actor.merchantId, actor.livemode, now);
  if (fingerprintSecrets.size >= MAX_FINGERPRINT_SECRETS) fingerprintSecrets.clear();
  fingerprintSecrets.set(key, secret);
  return secret;
}

/** What may be shown of a card anywhere: no number, no CVC. */
export function cardView(card: StoredCard) {
  return { brand: card.brand, last4: card.last4, exp_month: card.expMonth, exp_year: card.expYear, funding: card.funding, country: card.country };
}

/** cardView with the fingerprint, for secret-key readers only (a browser with a publishable key never sees it). */
export const shownCardView = (card: StoredCard) => ({ ...cardView(card), fingerprint: card.fingerprint });

// A token is answered to whoever tokenized, a browser with a publishable key included: no fingerprint.
export function tokenView(token: CardToken) {
  return {
    id: encodeId('cardToken', token.tokenId),
    object: 'token' as const,
    livemode: token.livemode,
    type: 'card' as const,
    card: cardView(token),
    used: token.usedAt !== null,
    created_at: token.createdAt.toISOString(),
    expires_at: token.expiresAt.toISOString(),
  };
}

export function savedCardView(card: SavedCard) {
  return {
    id: encodeId('paymentMethod', card.paymentMethodId),
    object: 'payment_method' as const,
    livemode: card.livemode,
    type: 'card' as const,
    customer: card.customerId && encodeId('customer', card.customerId),
    reference: card.reference,
    usage: card.usage,
    card: shownCardView(card),
    created_at: card.createdAt.toISOString(),
  };
}

/** The card terms of POST /v1/orders/{id}/payments (method card). */
export interface CardPaymentOptions {
  token?: string;
  paymentMethod?: string;
  captureMethod?: 'automatic' | 'manual';
  installments?: number;
  savePaymentMethod?: 'on_session' | 'off_session';
  /** What the saved card is found by later (GET /v1/payment_methods?reference=…); default the order's reference. */
  paymentMethodReference?: string;
  /** A saved card charged with no payer present. */
  merchantInitiated?: boolean;
  clientAddress: string;
  /** Where the payer returns after a 3-D Secure challenge; default the order's redirect_url (the hosted checkout sends its own page). */
  returnUrl?: string;
}

/** A card payment's terms, checked: the acquirer's request, the card, and what to save once recorded. */
export interface PreparedCard {
  request: CardChargeRequest;
  card: StoredCard;
  save: { usage: 'on_session' | 'off_session'; customerId: string | null; reference: string | null } | null;
  savedCardId: string | null;
  authorizationLifetimeMs: number;
}

/**
 * Checks a card payment's terms and takes its card: a token is used up here (in one statement, so two
 * payments racing for one token cannot both have it), a saved card is read. Runs before the acquirer is
 * asked, outside any transaction, as startPayment does. Counts as a card attempt.
 */
export async function prepareCardCharge(db: Queryable, deps: PaymentDeps, actor: Actor, order: Order, connector: Connector, options: CardPaymentOptions): Promise<PreparedCard> {
  const defences = cardDefences(deps.clock, deps.cards);
  defences.takeAttempt(actor.principal.id, options.clientAddress);
  defences.assertBreakerClosed(actor.merchantId, actor.livemode);
  if ((options.token === undefined) === (options.paymentMethod === undefined)) {
    throw AppError.invalidField('/token', 'required', 'or payment_method is required for a card payment, and not both');
  }
  const installments = options.installments ?? 1;
  if (installments > 1 && order.currency !== 'BRL') throw AppError.invalidField('/installments', 'installments_not_allowed', `must be 1: installments are for BRL orders, this one is ${order.currency}`);
  if (options.merchantInitiated && !options.paymentMethod) throw AppError.invalidField('/merchant_initiated', 'requires_payment_method', 'needs a saved card (payment_method): a token is the payer present');
  if (options.savePaymentMethod && options.paymentMethod) throw AppError.invalidField('/save_payment_method', 'already_saved', 'is for a token: the payment method is saved already');
  const now = deps.clock.now();
  let card: StoredCard;
  let savedCardId: string | null = null;
  if (options.token !== undefined) {
    const tokenId = decodeId('cardToken', options.token);
    const token = tokenId && (await consumeCardToken(db, actor.merchantId, tokenId, now));
    if (!token || token.livemode !== actor.livemode) {
      const found = tokenId && (await findCardToken(db, actor.merchantId, tokenId));
      if (!found || found.livemode !== actor.livemode) throw AppError.notFound('token', options.token);
      throw AppError.invalidField('/token', found.usedAt ? 'token_used' : 'token_expired', found.usedAt ? 'was used already: a token pays once' : 'has expired: tokenize the card again');
    }
    card = token;
  } else {
    const id = decodeId('paymentMethod', options.paymentMethod!);
    const saved = id && (await findSavedCard(db, actor.merchantId, actor.livemode, id));
    if (!saved) throw AppError.notFound('payment method', options.paymentMethod!);
    card = saved;
    savedCardId = saved.paymentMethodId;
  }
  if (card.provider !== connector.provider) {
    throw AppError.invalidField(options.token ? '/token' : '/payment_method', 'other_acquirer', `was made at the acquirer ${card.provider}, not at ${connector.provider} the merchant's card payments now go to`);
  }
  if (options.savePaymentMethod && order.customerId === null && !(options.paymentMethodReference ?? order.reference)) {
    throw AppError.invalidField('/save_payment_method', 'nothing_to_find_it_by', "needs the order's customer, or a payment_method_reference or order reference to find the saved card by");
  }
  return {
    card,
    savedCardId,
    save: options.savePaymentMethod
      ? { usage: options.savePaymentMethod, customerId: order.customerId, reference: options.paymentMethodReference ?? order.reference }
      : null,
    authorizationLifetimeMs: deps.cards.authorizationLifetimeMs,
    request: {
      cardReference: card.cardReference,
      captureMethod: options.captureMethod ?? 'automatic',
      installments,
      merchantInitiated: options.merchantInitiated ?? false,
      saving: options.savePaymentMethod !== undefined,
      returnUrl: options.returnUrl ?? order.redirectUrl,
    },
  };
}

/** What a card payment shows the merchant of its card and terms (provider_metadata). */
export function cardPaymentMetadata(prepared: PreparedCard, paymentMethodId: string | null) {
  return {
    card: shownCardView(prepared.card),
    payment_method: paymentMethodId && encodeId('paymentMethod', paymentMethodId),
    capture_method: prepared.request.captureMethod,
    installments: prepared.request.installments,
    merchant_initiated: prepared.request.merchantInitiated,
  };
}

/** A card to save once its payment's 3-D Secure challenge passes, kept in the payment's provider data till then. */
interface CardToSave {
  token: string;
  usage: 'on_session' | 'off_session';
  customerId: string | null;
  reference: string | null;
}

/**
 * Saves the card of a card payment the acquirer took, in the payment's transaction; its id, or null when
 * not asked to or not yet. A declined card is not saved; a card whose payment waits on its 3-D Secure
 * challenge is saved only if the payer passes it (saveAuthenticatedCard), so what to save is kept with the
 * payment till then.
 */
export async function saveCardOf(tx: Queryable, payment: Payment, prepared: PreparedCard): Promise<string | null> {
  if (!prepared.save || payment.status === 'failed') return null;
  if (payment.status === 'requires_action') {
    const toSave: CardToSave = { token: (prepared.card as CardToken).tokenId, ...prepared.save };
    payment.providerData = { ...payment.providerData, card_to_save: toSave };
    return null;
  }
  return insertSavedCardOf(tx, payment, prepared.card, prepared.save);
}

/**
 * A card payment's 3-D Secure challenge passed (it is about to be authorised or to succeed): the card it was
 * to save is saved now, in the change's transaction, and the payment names it (provider_metadata.payment_method).
 */
export async function saveAuthenticatedCard(tx: Queryable, payment: Payment): Promise<void> {
  const toSave = payment.providerData.card_to_save as CardToSave | undefined;
  if (payment.method !== 'card' || !toSave) return;
  const providerData = { ...payment.providerData };
  delete providerData.card_to_save;
  payment.providerData = providerData;
  const token = await findCardToken(tx, payment.merchantId, toSave.token);
  if (!token) return;
  const id = await insertSavedCardOf(tx, payment, token, toSave);
  payment.providerMetadata = { ...payment.providerMetadata, payment_method: encodeId('paymentMethod', id) };
}

async function insertSavedCardOf(tx: Queryable, payment: Payment, card: StoredCard, save: Omit<CardToSave, 'token'>): Promise<string> {
  const id = uuidv7(payment.createdAt.getTime());
  await insertSavedCard(tx, {
    provider: card.provider,
    cardReference: card.cardReference,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    funding: card.funding,
    country: card.country,
    fingerprint: card.fingerprint,
    merchantId: payment.merchantId,
    paymentMethodId: id,
    livemode: payment.livemode,
    customerId: save.customerId,
    reference: save.reference,
    usage: save.usage,
    createdAt: payment.createdAt,
    deletedAt: null,
  });
  return id;
}

export async function getSavedCard(db: Queryable, actor: Actor, id: string): Promise<SavedCard> {
  const uuid = decodeId('paymentMethod', id);
  const card = uuid && (await findSavedCard(db, actor.merchantId, actor.livemode, uuid));
  if (!card) throw AppError.notFound('payment method', id);
  return card;
}

export async function listSavedCardsOf(db: Queryable, actor: Actor, filter: { customer?: string; reference?: string }, page: { limit: number; after?: string }) {
  if ((filter.customer === undefined) === (filter.reference === undefined)) {
    throw new AppError('validation_error', 'Give customer or reference, one of them', [{ path: '/customer', in: 'query', code: 'required', message: 'or reference is required, not both' }]);
  }
  let customerId: string | undefined;
  if (filter.customer !== undefined) customerId = (await getCustomer(db, actor, filter.customer)).id;
  return listSavedCards(db, { merchantId: actor.merchantId, livemode: actor.livemode, customerId, reference: filter.reference }, page);
}

export async function deleteSavedCardOf(db: Queryable, actor: Actor, id: string, now: Date): Promise<SavedCard> {
  const uuid = decodeId('paymentMethod', id);
  const card = uuid && (await deleteSavedCard(db, actor.merchantId, actor.livemode, uuid, now));
  if (!card) throw AppError.notFound('payment method', id);
  return card;
}

/**
 * Whether a declined card payment of the order used its last attempt: the order's Paybyrd maxAttempts, or
 * the merchant's checkout max_attempts (5 by default); every declined card payment counts, this one too.
 */
export async function cardAttemptsExhausted(tx: Queryable, order: Order): Promise<boolean> {
  // One after another: the queries share the caller's transaction, whose connection runs one at a time.
  const { settings } = await findCheckoutSettings(tx, order.merchantId, order.livemode);
  const [attributes] = await findFaceAttributesOf(tx, [{ merchantId: order.merchantId, orderId: order.id, face: 'paybyrd' }]);
  const failed = await countFailedCardPayments(tx, order.merchantId, order.id);
  return failed + 1 >= maxAttemptsOf(attributes, settings.maxAttempts);
}
