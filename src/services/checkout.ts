import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { glomopayCheckoutResult, glomopayKeySealContext } from '../domain/glomopay-checkout.js';
import { encodeId } from '../domain/ids.js';
import { maxAttemptsOf } from '../domain/max-attempts.js';
import { PAYABLE } from '../domain/order-money.js';
import { CANCELABLE } from '../domain/order-status.js';
import type { Order, PaymentMethod } from '../domain/orders.js';
import { OPEN_PAYMENT_STATUSES, type Payment } from '../domain/payments.js';
import { paybyrdCheckoutOptions, type PaybyrdCheckoutOptions } from '../domain/paybyrd-checkout.js';
import { itfBars } from '../rails/boleto/itf.js';
import type { Clock } from '../clock.js';
import { findCheckoutByKey, findCheckoutSettings, lockCheckoutSettings, saveCheckoutSettings, type CheckoutSettings } from '../store/checkout.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { listSavedCards, type SavedCard } from '../store/cards.sql.js';
import * as orders from '../store/orders.sql.js';
import { listPayments } from '../store/payments.sql.js';
import { transfersOfPayment } from '../store/usdt.sql.js';
import { runPreparedWrite, runWrite } from './idempotency.js';
import { cancelOrder } from './orders.js';
import type { PaymentDeps } from './payment-context.js';
import { recentPaymentSettings } from './payment-settings.js';
import type { CardPaymentOptions } from './cards.js';
import { discardPayment, recordPayment, startPayment } from './payments.js';
import { publishableKeyFor } from './publishable-keys.js';

export type { CheckoutSettings };

/** The methods the page can take a payment with. */
export const CHECKOUT_METHODS: readonly PaymentMethod[] = ['card', 'pix', 'boleto', 'ar_transfer_qr', 'usdt_trc20'];

/** A checkout key as newCheckoutKey makes it (22 base64url characters), or a migrated order's (64 hex). */
export const CHECKOUT_KEY = /^(?:[A-Za-z0-9_-]{22}|[0-9a-f]{64})$/;

/** What the payer's page shows and acts on: the order, its merchant's look, its payments, what it may do next. */
export interface Checkout {
  order: Order;
  merchantName: string;
  settings: CheckoutSettings;
  /** Newest first. */
  payments: Payment[];
  /** The methods the payer may choose now: the order's, set up for the merchant in the order's mode. */
  methods: PaymentMethod[];
  attemptsLeft: number;
  /** Paid, canceled, expired or failed: the page says so and takes nothing more. */
  ended: boolean;
  canCancel: boolean;
  /** A Paybyrd order: its return URL gets orderId and transactionId; a Glomopay order's, its signed result. */
  face: 'paybyrd' | 'glomopay' | null;
  /** The secret key a Glomopay order was created with, opened from its seal, which signs its result; never shown. */
  resultKey: string | null;
  /** The merchant's pk_… for the mode, which the card form tokenizes with; null when cards are not offered. */
  publishableKey: string | null;
  /** When the page stops starting payments: the order's expiry, or a Paybyrd order's session end if sooner. */
  payBy: Date | null;
  /** A Paybyrd order's sessionExpiresIn has passed (the order may still be open): the page starts no payment. */
  sessionEnded: boolean;
  /** The newest card authorisation held for a later capture (a pre-authorisation): the payer has nothing more to do. */
  authorized: Payment | null;
  /** How the card form pays: pre-authorised, and saved under a reference (Paybyrd's cardOptions and tokenOptions). */
  card: CheckoutCardTerms;
}

/** What a card paid with on the page is for, and the cards already saved under the order's wallet reference. */
export interface CheckoutCardTerms {
  captureMethod: 'automatic' | 'manual';
  save: PaybyrdCheckoutOptions['saveCard'];
  /** Offered as one-click choices; empty unless the order names a reference (tokenOptions.customReference). */
  savedCards: SavedCard[];
}

/**
 * The payer on the checkout acts as the merchant's own, confined to the order's mode, store and branch;
 * events name the order (ord_…) or payment link (plink_…) whose page it was.
 */
export function checkoutActor(placed: Pick<Order, 'merchantId' | 'livemode' | 'storeId' | 'branchId'>, principalId: string): Actor {
  return {
    merchantId: placed.merchantId,
    livemode: placed.livemode,
    role: 'owner',
    storeId: placed.storeId,
    branchId: placed.branchId,
    principal: { kind: 'checkout', id: principalId },
  };
}

/** The checkout a key opens, or null for a key no order has (the page then says the link is not valid). */
export async function openCheckout(db: Db, deps: PaymentDeps, key: string): Promise<Checkout | null> {
  if (!CHECKOUT_KEY.test(key)) return null;
  const record = await findCheckoutByKey(db, key);
  if (!record) return null;
  const { order, settings, merchantName, payments, paybyrd: attributes, glomopaySealedKey } = record;
  const now = deps.clock.now();
  const paymentSettings = await recentPaymentSettings(db, deps.rails, order.merchantId, order.livemode);
  const attemptsLeft = Math.max(0, maxAttemptsOf(attributes, settings.maxAttempts) - payments.length);
  const ended = !PAYABLE.includes(order.status) || (order.expiresAt !== null && order.expiresAt.getTime() <= now.getTime());
  const options = paybyrdCheckoutOptions(attributes, order.createdAt);
  const sessionEnded = !ended && options.sessionEndsAt !== null && options.sessionEndsAt.getTime() <= now.getTime();
  const payBy = options.sessionEndsAt && (!order.expiresAt || options.sessionEndsAt < order.expiresAt) ? options.sessionEndsAt : order.expiresAt;
  const configured = deps.rails.all.map((rail) => rail.method).filter((method) => CHECKOUT_METHODS.includes(method) && paymentSettings.accounts[method]);
  const methods = configured.filter((method) => !order.paymentMethods || order.paymentMethods.includes(method));
  const offersCard = methods.includes('card') && !ended && !sessionEnded;
  const publishableKey = offersCard ? (record.publishableKey ?? (await publishableKeyFor(db, deps.clock, order.merchantId, order.livemode)).key) : null;
  const savedCards =
    offersCard && options.saveCard
      ? await listSavedCards(db, { merchantId: order.merchantId, livemode: order.livemode, reference: options.saveCard.reference }, { limit: MAX_SAVED_CARDS_SHOWN })
      : [];
  return {
    order,
    merchantName: settings.displayName ?? merchantName,
    settings,
    payments,
    methods,
    attemptsLeft,
    ended,
    canCancel: !ended && settings.allowCancel && CANCELABLE.includes(order.status),
    face: attributes ? 'paybyrd' : glomopaySealedKey ? 'glomopay' : null,
    // A seal that does not open (another installation's key) leaves the result unsigned, which its merchant refuses.
    resultKey: glomopaySealedKey && deps.sealer.open(glomopaySealedKey, glomopayKeySealContext(order.merchantId)),
    publishableKey,
    payBy,
    sessionEnded,
    authorized: payments.find((p) => p.status === 'requires_capture') ?? null,
    card: { captureMethod: options.preAuthorize ? 'manual' : 'automatic', save: options.saveCard, savedCards: savedCards.slice(0, MAX_SAVED_CARDS_SHOWN) },
  };
}

/** A wallet's newest cards the page offers; older ones are still the payer's, through the merchant. */
const MAX_SAVED_CARDS_SHOWN = 5;

/** The payment whose instructions the page shows: the newest still open. */
export function currentPayment(checkout: Checkout): Payment | null {
  return checkout.payments.find((p) => OPEN_PAYMENT_STATUSES.includes(p.status)) ?? null;
}

/**
 * Starts a payment of the order on `method` through the same services as POST /v1/orders/{id}/payments (a
 * card with the token the page's form made) and answers it. A payment of that method still open is reused
 * (a reload or a second click shows the same QR code), checked again under the order's lock; the charge is
 * asked in the method's own currency when the order's is not one it takes (a USD order paid in USDT, at an
 * FX quote).
 */
export async function payFromCheckout(db: Db, deps: PaymentDeps, checkout: Checkout, method: PaymentMethod, card?: CheckoutCardInput): Promise<Payment | null> {
  const { order } = checkout;
  if (checkout.ended || checkout.authorized) throw new AppError('order_not_payable', `An order that is ${order.status} cannot take a payment`);
  if (checkout.sessionEnded) throw new SessionEnded();
  if (!checkout.methods.includes(method)) throw new AppError('payment_method_not_allowed', `This order is not to be paid with ${method}`);
  const open = checkout.payments.find((p) => p.method === method && OPEN_PAYMENT_STATUSES.includes(p.status));
  if (open) return open;
  if (checkout.attemptsLeft <= 0) throw new AttemptsExhausted();
  const orderId = encodeId('order', order.id);
  const actor = checkoutActor(order, orderId);
  const settings = await recentPaymentSettings(db, deps.rails, order.merchantId, order.livemode);
  const connector = deps.rails.connector(method, settings.accounts[method]!.provider);
  const currency = connector && !connector.currencies.includes(order.currency) ? connector.currencies[0] : undefined;
  let recorded: Payment | null = null;
  await runPreparedWrite(
    db,
    deps.clock,
    null,
    () => startPayment(db, deps, actor, orderId, method, { currency, card: card && cardOptions(checkout, card) }),
    async (tx, started) => {
      await orders.findOrder(tx, order.merchantId, order.id, true);
      const again = await listPayments(tx, { merchantId: order.merchantId, livemode: order.livemode, storeId: null, branchId: null, orderId: order.id, method: [method], status: [...OPEN_PAYMENT_STATUSES] }, { limit: 1 });
      if (again[0]) throw new RaceLost();
      const written = await recordPayment(tx, deps, actor, started);
      recorded = written.object;
      return { status: 201, body: written.json };
    },
    (started) => discardPayment(db, deps, started),
  ).catch((error) => {
    if (!(error instanceof RaceLost)) throw error;
  });
  return recorded;
}

/** What the page's card form posts: a token its script made, or one of the wallet's saved cards the page offered. */
export interface CheckoutCardInput {
  token?: string;
  /** pm_…: only one of checkout.card.savedCards. */
  paymentMethod?: string;
  installments?: number;
  /** The payer ticked "save this card" (where saving is theirs to choose). */
  saveCard: boolean;
  clientAddress: string;
  returnUrl: string;
}

/**
 * The card payment the form asks for, on the order's terms: authorised only for a pre-authorisation order,
 * the new card saved under the order's wallet reference where it asks for that (always when tokenization
 * is required, else as the payer chose). A saved card pays only if the page offered it: the form's pm_…
 * is the payer's word, and the checkout key must not open other wallets' cards.
 */
function cardOptions(checkout: Checkout, input: CheckoutCardInput): CardPaymentOptions {
  const { captureMethod, save, savedCards } = checkout.card;
  const options: CardPaymentOptions = { captureMethod, installments: input.installments, clientAddress: input.clientAddress, returnUrl: input.returnUrl };
  if (input.paymentMethod !== undefined) {
    if (!savedCards.some((saved) => encodeId('paymentMethod', saved.paymentMethodId) === input.paymentMethod)) {
      throw AppError.invalidField('/payment_method', 'not_offered', 'is not one of the cards this page offers');
    }
    return { ...options, paymentMethod: input.paymentMethod };
  }
  const saving = save && (save.required || input.saveCard);
  return { ...options, token: input.token, ...(saving ? { savePaymentMethod: save.usage, paymentMethodReference: save.reference } : {}) };
}

/** The order has had every payment its merchant's checkout settings (or its Paybyrd maxAttempts) allow. */
export class AttemptsExhausted extends AppError {
  constructor() {
    super('conflict', 'This order has had all the payment attempts its merchant allows');
  }
}

/** A Paybyrd order's checkout session (sessionExpiresIn) is over: the page starts no payment, the order may still be paid otherwise. */
export class SessionEnded extends AppError {
  constructor() {
    super('conflict', "This order's checkout session has ended: its page starts no more payments");
  }
}

/** Another request of the same payer recorded a payment of the method first: its charge is discarded, that one shown. */
class RaceLost extends Error {}

/** The payer cancels the order from its page, where the merchant allows it. */
export async function cancelFromCheckout(db: Db, clock: Clock, checkout: Checkout): Promise<void> {
  if (!checkout.canCancel) throw new AppError('invalid_state_transition', 'This order cannot be canceled from its checkout');
  await runWrite(db, clock, null, async (tx) => {
    const { json } = await cancelOrder(tx, clock, checkoutActor(checkout.order, encodeId('order', checkout.order.id)), encodeId('order', checkout.order.id), 'requested_by_customer');
    return { status: 200, body: json };
  });
}

/** A document of one of the checkout's payments (a QR image, a boleto PDF), rendered by the payment's rail. */
export async function checkoutDocument(deps: PaymentDeps, checkout: Checkout, paymentId: string, name: string): Promise<{ contentType: string; body: Buffer | string } | null> {
  const payment = checkout.payments.find((p) => encodeId('payment', p.id) === paymentId);
  if (!payment || checkout.ended) return null;
  const document = deps.rails.all.find((rail) => rail.method === payment.method)?.documents.find((d) => d.name === name);
  if (!document) return null;
  return { contentType: document.contentType, body: await document.render(payment) };
}

/** How a USDT payment's transfers stand, and how many confirmations the newest one seen has. */
export interface UsdtProgress {
  state: 'none' | 'seen' | 'credited';
  confirmations: number;
}

/** Tron makes a block every 3 s: a transfer's confirmations are counted from its block's time (the page says "about"). */
const TRON_BLOCK_MS = 3_000;

export async function usdtProgress(db: Queryable, clock: Clock, payment: Payment): Promise<UsdtProgress> {
  const transfers = await transfersOfPayment(db, payment.merchantId, payment.id);
  if (transfers.some((t) => t.status === 'credited')) return { state: 'credited', confirmations: 0 };
  const seen = transfers.filter((t) => t.status === 'seen').at(-1);
  if (!seen) return { state: 'none', confirmations: 0 };
  return { state: 'seen', confirmations: Math.max(1, Math.floor((clock.now().getTime() - seen.blockTimestamp.getTime()) / TRON_BLOCK_MS) + 1) };
}

/** The bars of a boleto's barcode, for the page to draw. */
export const boletoBars = itfBars;

/**
 * Where the payer goes once the order is paid: its redirect_url, with what the order's gateway's hosted
 * page sends back appended (the URL's own query kept): Paybyrd's orderId and transactionId; Glomopay's
 * result, payment_id, order_id, status and signature.
 */
export function returnUrl(checkout: Checkout): string | null {
  const { order } = checkout;
  if (!order.redirectUrl || !checkout.face) return order.redirectUrl;
  const url = new URL(order.redirectUrl);
  const paid = checkout.payments.find((p) => p.status === 'succeeded') ?? checkout.authorized;
  if (checkout.face === 'paybyrd') {
    url.searchParams.set('orderId', order.id);
    if (paid) url.searchParams.set('transactionId', paid.id);
  } else if (paid?.status === 'succeeded') {
    for (const [name, value] of Object.entries(glomopayCheckoutResult(order.id, paid.id, checkout.resultKey))) url.searchParams.set(name, value);
  }
  return url.toString();
}

// --- The merchant's checkout settings: GET/POST /v1/settings/checkout, `payorders checkout-settings` ------

/** What POST /v1/settings/checkout takes; every field optional, null clears it. */
export interface CheckoutSettingsInput {
  display_name?: string | null;
  logo?: string | null;
  accent_color?: string | null;
  frame_ancestors?: string[];
  allow_cancel?: boolean;
  max_attempts?: number;
}

export const MAX_LOGO_BYTES = 64 * 1024;
const LOGO_DATA_URL = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/;
const LOGO_MAGIC: Record<string, (b: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};
/** A source CSP's frame-ancestors takes, and nothing that could end the directive: https origins (a leading *. allowed), or http://localhost. */
export const FRAME_ANCESTOR = /^(?:https:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?|http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?)$/;

function checkLogo(logo: string): string {
  const match = LOGO_DATA_URL.exec(logo);
  if (!match) throw AppError.invalidField('/logo', 'invalid_logo', 'must be a data: URL of a PNG, JPEG or WebP image, base64');
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) throw AppError.invalidField('/logo', 'too_large', `must be at most ${MAX_LOGO_BYTES} bytes`);
  if (!LOGO_MAGIC[match[1]!]!(bytes)) throw AppError.invalidField('/logo', 'invalid_logo', `is not a ${match[1]} image`);
  return logo;
}

/** The name a merchant's checkout shows: its display name, else its account's. */
export async function checkoutMerchantName(db: Queryable, merchantId: string, livemode: boolean): Promise<string> {
  const { settings, merchantName } = await findCheckoutSettings(db, merchantId, livemode);
  return settings.displayName ?? merchantName;
}

export async function loadCheckoutSettings(db: Queryable, merchantId: string, livemode: boolean): Promise<CheckoutSettings> {
  return (await findCheckoutSettings(db, merchantId, livemode)).settings;
}

export async function updateCheckoutSettings(tx: Queryable, clock: Clock, merchantId: string, livemode: boolean, input: CheckoutSettingsInput): Promise<CheckoutSettings> {
  await lockCheckoutSettings(tx, merchantId, livemode);
  const current = await loadCheckoutSettings(tx, merchantId, livemode);
  const frameAncestors = input.frame_ancestors ?? current.frameAncestors;
  frameAncestors.forEach((source, i) => {
    if (!FRAME_ANCESTOR.test(source)) throw AppError.invalidField(`/frame_ancestors/${i}`, 'invalid_source', 'must be an https origin (https://shop.example, https://*.shop.example)');
  });
  const next: CheckoutSettings = {
    displayName: input.display_name === undefined ? current.displayName : input.display_name,
    logo: input.logo === undefined ? current.logo : input.logo && checkLogo(input.logo),
    accentColor: input.accent_color === undefined ? current.accentColor : input.accent_color && input.accent_color.toLowerCase(),
    frameAncestors: [...new Set(frameAncestors)],
    allowCancel: input.allow_cancel ?? current.allowCancel,
    maxAttempts: input.max_attempts ?? current.maxAttempts,
    updatedAt: clock.now(),
  };
  await saveCheckoutSettings(tx, merchantId, livemode, next, next.updatedAt!);
  return next;
}
