import { METADATA_LIMITS, type Metadata } from '../../domain/metadata.js';
import { MAX_AMOUNT, parseDecimalAmount, requireCurrency } from '../../domain/money.js';
import { MAX_ORDER_LIFETIME_MS, TRAVEL_TYPES, type LineItem, type PaymentMethod } from '../../domain/orders.js';
import { E164_PATTERN, type NotifyChannel, type NotifyInput } from '../../domain/payer-notifications.js';
import type { CreateOrderInput } from '../../services/orders.js';
import { canonicalMetadata } from '../metadata.js';
import { bindObject, bool, dateTime, decimal, int32, int64, invalid, jsonObject, list, object, oneOf, text, type Bound, type Model } from './binding.js';
import { PAYBYRD_METHODS, type PaybyrdMethod } from './payment-methods.js';
import { parseTimeSpan } from '../../domain/timespan.js';

const SHIPPING_METHODS = (
  'ADX AE1 AGE CHX CHR CDS COL CRE CSX DRO EA1 EMP EMX EXP FDR GLS IMP KIA KIB LCE LCS LDS LDE LDR LSP LCK MAG MOR ' +
  'M30 OT1 OT2 OT3 PRM RDE RCO RCD RDO REG REL RIM RCE SO1 SO2 STD STU TNT TNB TNX TRP TRK UPS VIR'
).split(' ');

/** Paybyrd's item types and the canonical line item type; the live API also takes `Physical` for a product. */
const ITEM_TYPES = { Product: 'product', Physical: 'product', Travel: 'travel', TravelWithStay: 'stay' } as const;
/** Paybyrd's travel types, in the order of the canonical TRAVEL_TYPES. */
export const PAYBYRD_TRAVEL_TYPES = ['Unknown', 'OneWay', 'TwoWay', 'Multiple'] as const;

const phone = { phoneCountryCode: int32(1, 9999), phoneNumber: text(20) };

export const SHOPPER: Model = {
  email: text(320),
  firstName: text(200),
  lastName: text(200),
  birthName: text(200),
  birthDate: text(40),
  birthPostalCode: text(40),
  customReference: text(200),
  civility: text(40),
  ...phone,
  shippingAddress: text(500),
  shippingPostalCode: text(40),
  shippingCity: text(200),
  shippingCountry: text(3),
  shippingState: text(40),
  shippingType: text(40),
  homeAddress: text(500),
  homePostalCode: text(40),
  homeCity: text(200),
  homeCountry: text(3),
  ipAddress: text(45),
  // The documented examples send `ip`, the schema names `ipAddress`: both are kept as sent.
  ip: text(45),
  documentNumber: text(100),
  firstPurchaseDate: text(40),
  lastPurchaseDate: text(40),
};

const CART_ITEM: Model = {
  type: oneOf(Object.keys(ITEM_TYPES)),
  amount: int64(0, MAX_AMOUNT),
  categories: list(text(100), { maxItems: 20 }),
  description: text(500),
  shipping: object({ shippingMethod: oneOf(SHIPPING_METHODS) }),
  departure: text(10),
  departureDate: dateTime,
  destination: text(10),
  destinationCountryCode: text(3),
  hasInsurance: bool,
  mainDepartureCompany: text(10),
  returnDate: dateTime,
  travelersCount: int32(1, 1000),
  travelType: oneOf(PAYBYRD_TRAVEL_TYPES),
  roomRange: text(100),
};

/** The request body of POST /api/v2/orders as Paybyrd's binder reads it; read-only response fields are ignored. */
export const ORDER_CREATION: Model = {
  isoAmount: int64(1, MAX_AMOUNT),
  amount: decimal,
  currency: text(10),
  orderRef: text(200),
  shopper: object(SHOPPER),
  shoppingCart: list(object(CART_ITEM), { maxItems: 100, wrappedIn: 'items' }),
  orderOptions: object({
    redirectUrl: text(2000),
    culture: text(35),
    expiresIn: text(40),
    notifyBy: object({ email: object({ address: text(320) }), sms: object(phone), whatsapp: object(phone) }),
    checkoutVersion: int32(1, 2),
  }),
  paymentOptions: object({
    maxAttempts: int32(1, 100),
    sessionExpiresIn: text(40),
    allowedPaymentMethods: list(oneOf(Object.keys(PAYBYRD_METHODS)), { maxItems: 20 }),
    cardOptions: object({ isPreAuth: bool }),
    tokenOptions: object({
      customReference: text(50),
      tokenizationIsRequired: bool,
      tokenizationMethod: oneOf(['cardOnFile', 'subscription']),
    }),
  }),
  metadata: jsonObject,
};

/**
 * What the face keeps beside the canonical order: what Paybyrd's clients send that the canonical order has
 * no field for, echoed back as sent. `metadata` keeps the types sent (`{"key1": 1}`); the canonical order
 * holds the same keys as strings.
 */
export interface PaybyrdAttributes {
  shopper?: Bound;
  orderOptions?: Bound;
  paymentOptions?: Bound;
  metadata?: Record<string, unknown>;
}

export interface PaybyrdOrderRequest {
  input: CreateOrderInput & { amount: number };
  attributes: PaybyrdAttributes;
}

/**
 * Reads a create-order body: binds it as Paybyrd does, then checks what the canonical order needs, every
 * error naming the field in Paybyrd's spelling (BYRD900).
 */
export function readOrderCreation(body: unknown, now: Date): PaybyrdOrderRequest {
  const bound = bindObject(ORDER_CREATION, body) as {
    isoAmount?: number;
    amount?: string;
    currency?: string;
    orderRef?: string;
    shopper?: Bound;
    shoppingCart?: Bound[];
    orderOptions?: Bound & { redirectUrl?: string; culture?: string; expiresIn?: string };
    paymentOptions?: Bound & { sessionExpiresIn?: string; allowedPaymentMethods?: PaybyrdMethod[] };
    metadata?: Record<string, unknown>;
  };
  if (bound.currency === undefined) throw invalid('currency', 'missing', 'is required');
  const currency = requireCurrency(bound.currency, 'currency');
  if (bound.orderRef === undefined || bound.orderRef === '') throw invalid('orderRef', 'missing', 'is required');
  const { redirectUrl, culture, ...orderOptions } = bound.orderOptions ?? {};
  const input: CreateOrderInput & { amount: number } = {
    amount: amountOf(bound, currency),
    currency,
    reference: bound.orderRef,
    metadata: bound.metadata && checkedMetadata(bound.metadata),
    line_items: bound.shoppingCart?.map(lineItem),
    payment_methods: bound.paymentOptions?.allowedPaymentMethods?.map((word): PaymentMethod => PAYBYRD_METHODS[word]),
    expires_at: expiryOf(now, bound.orderOptions?.expiresIn, bound.paymentOptions?.sessionExpiresIn),
    redirect_url: redirectUrl === undefined ? undefined : checkRedirectUrl(redirectUrl as string, 'orderOptions.redirectUrl'),
    locale: culture === undefined ? undefined : checkCulture(culture as string),
    notify: notifyOf(bound.orderOptions?.notifyBy as NotifyBy | undefined),
  };
  if (input.payment_methods?.length === 0) throw invalid('paymentOptions.allowedPaymentMethods', 'empty', 'must name at least one method');
  const attributes: PaybyrdAttributes = {};
  if (bound.shopper) attributes.shopper = bound.shopper;
  if (Object.keys(orderOptions).length) attributes.orderOptions = orderOptions;
  if (bound.paymentOptions) attributes.paymentOptions = bound.paymentOptions;
  if (bound.metadata) attributes.metadata = bound.metadata;
  return { input, attributes };
}

/** `isoAmount` in minor units; without it, the legacy decimal `amount` in major units ("12.50"). */
export function amountOf(bound: { isoAmount?: number; amount?: string }, currency: string): number {
  if (bound.isoAmount !== undefined) return bound.isoAmount;
  if (bound.amount !== undefined) return parseDecimalAmount(bound.amount, currency, 'amount');
  throw invalid('isoAmount', 'missing', 'is required (or the legacy decimal amount)');
}

/** expiresAt = creation + expiresIn + sessionExpiresIn, as Paybyrd documents it; neither: the default lifetime. */
function expiryOf(now: Date, expiresIn: string | undefined, sessionExpiresIn: string | undefined): string | undefined {
  if (expiresIn === undefined && sessionExpiresIn === undefined) return undefined;
  const span = (value: string | undefined, param: string) => {
    if (value === undefined) return 0;
    const ms = parseTimeSpan(value);
    if (ms === null || ms < 0) throw invalid(param, 'invalid_timespan', 'must be a time span such as "00:15:00" or "1.00:00:00"');
    return ms;
  };
  const total = span(expiresIn, 'orderOptions.expiresIn') + span(sessionExpiresIn, 'paymentOptions.sessionExpiresIn');
  const param = expiresIn === undefined ? 'paymentOptions.sessionExpiresIn' : 'orderOptions.expiresIn';
  if (total < 1000) throw invalid(param, 'too_short', 'must add up to at least one second');
  if (total > MAX_ORDER_LIFETIME_MS) throw invalid(param, 'too_long', 'must add up to at most 366 days');
  return new Date(now.getTime() + total).toISOString();
}

type Phone = { phoneCountryCode?: number; phoneNumber?: string };
type NotifyBy = { email?: { address?: string }; sms?: Phone; whatsapp?: Phone };

/**
 * Paybyrd's pay-by-link (`orderOptions.notifyBy`) as the order's payer notifications: the payment link by
 * email, SMS or WhatsApp (see the README's Payer notifications). An order has one phone number, so SMS and
 * WhatsApp must name the same one.
 */
function notifyOf(notifyBy: NotifyBy | undefined): NotifyInput | undefined {
  if (!notifyBy) return undefined;
  const channels: NotifyChannel[] = [];
  let email: string | undefined;
  let phone: string | undefined;
  if (notifyBy.email?.address !== undefined) {
    email = notifyBy.email.address;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('orderOptions.notifyBy.email.address', 'invalid_email', 'must be an email address');
    channels.push('email');
  }
  for (const channel of ['sms', 'whatsapp'] as const) {
    const to = notifyBy[channel];
    if (!to) continue;
    const path = `orderOptions.notifyBy.${channel}`;
    if (to.phoneCountryCode === undefined || !to.phoneNumber) throw invalid(path, 'required', 'needs phoneCountryCode and phoneNumber');
    const e164 = `+${to.phoneCountryCode}${to.phoneNumber.replace(/[\s().-]/g, '')}`;
    if (!new RegExp(E164_PATTERN).test(e164)) throw invalid(`${path}.phoneNumber`, 'invalid_phone', 'with phoneCountryCode must make a phone number of 8 to 15 digits');
    if (phone !== undefined && phone !== e164) throw invalid(`${path}.phoneNumber`, 'conflict', 'must be the same number as sms: an order has one phone number');
    phone = e164;
    channels.push(channel);
  }
  return channels.length ? { email, phone, channels } : undefined;
}

export function checkRedirectUrl(url: string, param: string): string {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw invalid(param, 'invalid_url', 'must be an http or https URL');
  return url;
}

function checkCulture(culture: string): string {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(culture)) throw invalid('orderOptions.culture', 'invalid_culture', 'must be a culture name such as "en-US"');
  return culture;
}

/** The canonical order's metadata holds strings: other JSON values are kept as their JSON text. */
function checkedMetadata(metadata: Record<string, unknown>): Metadata {
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_LIMITS.keys) throw invalid('metadata', 'too_many_keys', `may hold at most ${METADATA_LIMITS.keys} keys`);
  for (const [key] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) {
      throw invalid('metadata', 'invalid_key', `keys must be 1 to ${METADATA_LIMITS.keyLength} characters`);
    }
  }
  const canonical = canonicalMetadata(metadata);
  for (const [key, text] of Object.entries(canonical)) {
    if (text.length > METADATA_LIMITS.valueLength) {
      throw invalid(`metadata.${key}`, 'too_long', `must be at most ${METADATA_LIMITS.valueLength} characters`);
    }
  }
  return canonical;
}

function lineItem(item: Bound, index: number): LineItem {
  const i = item as {
    type?: keyof typeof ITEM_TYPES;
    amount?: number;
    categories?: string[];
    description?: string;
    shipping?: { shippingMethod?: string };
    departure?: string;
    departureDate?: string;
    destination?: string;
    destinationCountryCode?: string;
    hasInsurance?: boolean;
    mainDepartureCompany?: string;
    returnDate?: string;
    travelersCount?: number;
    travelType?: (typeof PAYBYRD_TRAVEL_TYPES)[number];
    roomRange?: string;
  };
  const type = ITEM_TYPES[i.type ?? 'Product'];
  const line: LineItem = { type };
  if (i.description !== undefined) line.description = i.description;
  if (i.amount !== undefined) line.unit_amount = i.amount;
  if (i.categories !== undefined) line.categories = i.categories;
  if (i.shipping?.shippingMethod !== undefined) line.shipping_method = i.shipping.shippingMethod;
  const travel = {
    travel_type: i.travelType && TRAVEL_TYPES[PAYBYRD_TRAVEL_TYPES.indexOf(i.travelType)],
    departure: i.departure,
    destination: i.destination,
    destination_country: i.destinationCountryCode && countryCode(i.destinationCountryCode, index),
    departure_at: i.departureDate,
    return_at: i.returnDate,
    travelers: i.travelersCount,
    carrier: i.mainDepartureCompany,
    has_insurance: i.hasInsurance,
  };
  const travelFields = Object.entries(travel).filter(([, value]) => value !== undefined);
  if (travelFields.length) {
    if (type !== 'travel') throw invalid(`shoppingCart.${index}.type`, 'not_allowed', 'must be Travel for an item with travel details');
    line.travel = Object.fromEntries(travelFields);
  }
  if (i.roomRange !== undefined) {
    if (type !== 'stay') throw invalid(`shoppingCart.${index}.roomRange`, 'not_allowed', 'is only allowed on items of type TravelWithStay');
    line.stay = { room_range: i.roomRange };
  }
  return line;
}

function countryCode(code: string, index: number): string {
  if (!/^[A-Za-z]{3}$/.test(code)) throw invalid(`shoppingCart.${index}.destinationCountryCode`, 'invalid_country', 'must be an ISO 3166-1 alpha-3 code');
  return code.toUpperCase();
}
