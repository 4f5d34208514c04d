import { AppError } from './errors.js';
import { confirmationPostings, type Posting } from './ledger.js';
import { currencyExponent, MAX_AMOUNT } from './money.js';

/**
 * Foreign exchange for orders priced in one currency and paid in another, in exact decimal arithmetic:
 * rates are decimal strings held as an integer and a scale, amounts integer minor units, and every
 * product and quotient is taken in BigInt. One rounding rule, applied once per conversion:
 *
 *   round half up to the nearest minor unit of the target currency.
 *
 * So the payer never pays a fraction of a minor unit, and neither side gains more than half a minor unit
 * from the rounding. The spread raises the rate the payer pays at; it never rounds separately.
 */

/** Currencies a payment may be in beyond ISO 4217's: USDT counts in millionths, as the TRC20 contract does. */
const PAY_ONLY_EXPONENTS: Readonly<Record<string, number>> = { USDT: 6 };

/** The minor-unit exponent of a currency an order may be priced in or a payment paid in. */
export function payCurrencyExponent(code: string): number | undefined {
  return currencyExponent(code) ?? PAY_ONLY_EXPONENTS[code];
}

/** Minor units of a pay currency as a decimal string with all its places: 108642 BRL → "1086.42", 500100000 USDT → "500.100000". */
export function formatPayAmount(minor: number, currency: string): string {
  const exponent = payCurrencyExponent(currency) ?? 2;
  if (exponent === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Normalizes a pay currency (ISO 4217 or USDT) or throws a field error for `param`. */
export function requirePayCurrency(code: string, param: string): string {
  const upper = code.toUpperCase();
  if (payCurrencyExponent(upper) === undefined) {
    throw AppError.invalidField(param, 'unsupported_currency', `${code} is not a supported currency (ISO 4217 or USDT)`);
  }
  return upper;
}

/** A positive decimal, exactly: `digits / 10^scale`. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const MAX_RATE_INTEGER_DIGITS = 12;
const MAX_RATE_FRACTION_DIGITS = 24;
export const MAX_SPREAD_BASIS_POINTS = 5_000;

/** A rate as written: up to 12 digits before the point and 24 after. */
export const RATE = /^(\d{1,12})(?:\.(\d{1,24}))?$/;

/** Parses a rate such as "5.4321": units of the quote currency per unit of the base. Never through a float. */
export function parseRate(text: unknown, param: string): Decimal {
  const match = typeof text === 'string' ? RATE.exec(text) : null;
  if (!match) {
    throw AppError.invalidField(
      param,
      'invalid_rate',
      `must be a decimal string such as "5.4321" (at most ${MAX_RATE_INTEGER_DIGITS} digits before the point and ${MAX_RATE_FRACTION_DIGITS} after)`,
    );
  }
  const fraction = match[2] ?? '';
  const digits = BigInt(match[1]! + fraction);
  if (digits === 0n) throw AppError.invalidField(param, 'invalid_rate', 'must be greater than zero');
  return { digits, scale: fraction.length };
}

/** The shortest decimal string of `d` (no trailing zeros after the point). */
export function formatDecimal(d: Decimal): string {
  const text = d.digits.toString().padStart(d.scale + 1, '0');
  if (d.scale === 0) return text;
  const fraction = text.slice(-d.scale).replace(/0+$/, '');
  const integer = text.slice(0, -d.scale);
  return fraction ? `${integer}.${fraction}` : integer;
}

/** The rate with the spread on top: rate × (1 + bp / 10000), exact (four more decimal places). */
export function withSpread(rate: Decimal, spreadBasisPoints: number): Decimal {
  return { digits: rate.digits * BigInt(10_000 + spreadBasisPoints), scale: rate.scale + 4 };
}

/** numerator / denominator rounded half up, both positive. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function exponentOf(currency: string): number {
  const exponent = payCurrencyExponent(currency);
  if (exponent === undefined) throw new RangeError(`${currency} has no known exponent`);
  return exponent;
}

/**
 * `amount` minor units of `from` in minor units of `to` at `rate` (units of `to` per unit of `from`),
 * rounded half up: amount × rate × 10^exp(to) / 10^exp(from).
 */
export function convert(amount: number, from: string, to: string, rate: Decimal): bigint {
  const numerator = BigInt(amount) * rate.digits * 10n ** BigInt(exponentOf(to));
  const denominator = 10n ** BigInt(rate.scale + exponentOf(from));
  return roundHalfUp(numerator, denominator);
}

/** What a payment in another currency than its order was priced at, locked when it was created. */
export interface FxQuote {
  /** The order's currency and the part of its amount the payment covers. */
  orderCurrency: string;
  orderAmount: number;
  /** The source's rate: units of the payment's currency per unit of the order's. */
  rate: string;
  /** The rate the payer pays at: the rate with the spread on top. */
  rateApplied: string;
  spreadBasisPoints: number;
  /** Who gave the rate: operator (set through /v1/fx/rates or the rates file) or a rates API. */
  source: string;
  /** When the source's rate was taken. */
  fetchedAt: Date;
  /** The payment may be paid at this price until then; its expiry is no later. */
  expiresAt: Date;
}

/** A rate as a source gives it. */
export interface FxRate {
  base: string;
  quote: string;
  rate: string;
  source: string;
  fetchedAt: Date;
}

/**
 * The converted amount of a payment of `orderAmount` (order currency) in `payCurrency`, and its quote.
 * A conversion that rounds to nothing, or past the largest amount, is refused: the payer could not pay it.
 */
export function quotePayment(
  orderAmount: number,
  orderCurrency: string,
  payCurrency: string,
  rate: FxRate,
  spreadBasisPoints: number,
  expiresAt: Date,
): { amount: number; quote: FxQuote } {
  const market = parseRate(rate.rate, 'rate');
  const applied = withSpread(market, spreadBasisPoints);
  const converted = convert(orderAmount, orderCurrency, payCurrency, applied);
  if (converted <= 0n) {
    throw AppError.invalidField('currency', 'amount_too_small', `${orderAmount} minor units of ${orderCurrency} are less than half a minor unit of ${payCurrency}`);
  }
  if (converted > BigInt(MAX_AMOUNT)) throw AppError.invalidField('currency', 'amount_too_large', `the amount in ${payCurrency} is too large`);
  return {
    amount: Number(converted),
    quote: {
      orderCurrency,
      orderAmount,
      rate: formatDecimal(market),
      rateApplied: formatDecimal(applied),
      spreadBasisPoints,
      source: rate.source,
      fetchedAt: rate.fetchedAt,
      expiresAt,
    },
  };
}

/**
 * What `received` minor units of the payment's currency count for in the order's currency: in proportion
 * to the locked price (amount ⇄ orderAmount), rounded half up. The exact amount counts as exactly
 * orderAmount, so a payer who pays what was asked is never short by a rounding.
 */
export function toOrderCurrency(quote: Pick<FxQuote, 'orderAmount'>, paymentAmount: number, received: number): number {
  if (received === paymentAmount) return quote.orderAmount;
  // Money that arrived counts for at least one minor unit (within the one-unit bound), so it is never lost to rounding.
  const counted = roundHalfUp(BigInt(received) * BigInt(quote.orderAmount), BigInt(paymentAmount));
  return received > 0 && counted === 0n ? 1 : Number(counted);
}

/**
 * The market value, in the order's currency, of `received` minor units of the payment's currency: at the
 * source's rate, without the spread. The difference from what counts toward the order is the FX difference.
 */
export function marketValue(quote: Pick<FxQuote, 'orderCurrency' | 'rate'>, payCurrency: string, received: number): number {
  const rate = parseRate(quote.rate, 'rate');
  const numerator = BigInt(received) * 10n ** BigInt(rate.scale + exponentOf(quote.orderCurrency));
  const denominator = rate.digits * 10n ** BigInt(exponentOf(payCurrency));
  return Number(roundHalfUp(numerator, denominator));
}

/** Whether a rate fetched at `fetchedAt` is too old to price with at `now`. */
export function isStale(fetchedAt: Date, now: Date, maxAgeMs: number): boolean {
  return now.getTime() - fetchedAt.getTime() > maxAgeMs;
}

export interface FxConfirmationAmounts {
  payCurrency: string;
  /** What the payer sent, in the payment's currency. */
  received: number;
  /** Its market value in the order's currency (marketValue). */
  marketValue: number;
  /** What counts toward the order and what is owed back, in the order's currency: they add up to received, converted. */
  counted: number;
  excess: number;
  /** The rail's fee, converted to the order's currency. */
  fee: number;
  availableAtOnce: boolean;
}

/**
 * A confirmed payment in another currency than its order, in two legs. In the payment's currency, what
 * the payer sent leaves payer_funds into fx_conversion. In the order's, fx_conversion gives its market
 * value, of which fx_spread keeps what is beyond what counts at the locked price (the spread, and the
 * rounding: it may be negative), and the rest is split as any confirmation (fees, merchant, owed back).
 * Each currency sums to zero.
 */
export function fxConfirmationPostings(a: FxConfirmationAmounts): Posting[] {
  const converted = a.counted + a.excess;
  return confirmationPostings({ received: converted, counted: a.counted, excess: a.excess, fee: a.fee, availableAtOnce: a.availableAtOnce })
    .filter((p) => p.account !== 'payer_funds')
    .concat([
      { account: 'payer_funds', amount: -a.received, currency: a.payCurrency },
      { account: 'fx_conversion', amount: a.received, currency: a.payCurrency },
      { account: 'fx_conversion', amount: -a.marketValue },
      { account: 'fx_spread', amount: a.marketValue - converted },
    ])
    .filter((p) => p.amount !== 0);
}

/** Whether postings sum to zero in each currency; `currency` is that of postings that name none. */
export function isBalancedPerCurrency(postings: readonly Posting[], currency: string): boolean {
  const sums = new Map<string, number>();
  for (const p of postings) sums.set(p.currency ?? currency, (sums.get(p.currency ?? currency) ?? 0) + p.amount);
  return [...sums.values()].every((sum) => sum === 0);
}

/** A quote as the API shows it and the store keeps it. */
export function quoteJson(q: FxQuote) {
  return {
    order_currency: q.orderCurrency,
    order_amount: q.orderAmount,
    rate: q.rate,
    spread: formatDecimal({ digits: BigInt(q.spreadBasisPoints), scale: 4 }),
    spread_basis_points: q.spreadBasisPoints,
    rate_applied: q.rateApplied,
    source: q.source,
    fetched_at: q.fetchedAt.toISOString(),
    expires_at: q.expiresAt.toISOString(),
  };
}

export function quoteFromJson(j: ReturnType<typeof quoteJson>): FxQuote {
  return {
    orderCurrency: j.order_currency,
    orderAmount: j.order_amount,
    rate: j.rate,
    rateApplied: j.rate_applied,
    spreadBasisPoints: j.spread_basis_points,
    source: j.source,
    fetchedAt: new Date(j.fetched_at),
    expiresAt: new Date(j.expires_at),
  };
}
