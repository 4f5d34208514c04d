import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { isStale, parseRate, quotePayment, requirePayCurrency, type FxQuote } from '../domain/fx.js';
import type { Queryable } from '../store/db.js';
import { listRates, replaceRates } from '../store/fx-rates.sql.js';
import { httpRates, operatorRates, type RatesSource } from './fx-sources.js';

/** What pricing in another currency needs: the rates source and how long rates and prices last. */
export interface FxDeps {
  source: RatesSource;
  maxRateAgeMs: number;
  quoteLifetimeMs: number;
  fileRates: Config['fx']['fileRates'];
}

const made = new WeakMap<Config, FxDeps>();

/** The FX setup of a configuration, made once per configuration (the HTTP source keeps its cache). */
export function fxDeps(services: { clock: Clock; config: Config }): FxDeps {
  let deps = made.get(services.config);
  if (!deps) {
    const { fx } = services.config;
    const source = fx.source === 'http' ? httpRates(fx.http!, services.clock) : operatorRates(fx.fileRates);
    made.set(services.config, (deps = { source, maxRateAgeMs: fx.maxRateAgeMs, quoteLifetimeMs: fx.quoteLifetimeMs, fileRates: fx.fileRates }));
  }
  return deps;
}

export interface Priced {
  amount: number;
  currency: string;
  quote: FxQuote | null;
}

/**
 * The price of `orderAmount` (the order's currency) in the currency the payer pays in. The same currency
 * is the amount as is; another is converted at the source's rate with the merchant's spread, and the quote
 * locked with it lasts the configured lifetime, never past `expiresAt`. A missing or stale rate is
 * refused (422 fx_rate_unavailable): a payment is never priced at a guess.
 */
export async function priceInCurrency(
  db: Queryable,
  fx: FxDeps,
  actor: Pick<Actor, 'merchantId' | 'livemode'>,
  order: { currency: string },
  orderAmount: number,
  requested: string,
  spreadBasisPoints: number,
  now: Date,
  expiresAt: Date,
): Promise<Priced> {
  const currency = requirePayCurrency(requested, 'currency');
  if (currency === order.currency) return { amount: orderAmount, currency, quote: null };
  const pair = `${order.currency}→${currency}`;
  const rate = await fx.source.rate(db, actor.merchantId, actor.livemode, order.currency, currency);
  if (!rate) throw new AppError('fx_rate_unavailable', `No ${fx.source.name} rate prices ${pair} (base ${order.currency}, quote ${currency}); see PUT /v1/fx/rates`);
  if (isStale(rate.fetchedAt, now, fx.maxRateAgeMs)) {
    throw new AppError(
      'fx_rate_unavailable',
      `The ${pair} rate dates from ${rate.fetchedAt.toISOString()}, older than the ${fx.maxRateAgeMs / 1000} s allowed; it must be refreshed`,
    );
  }
  const quoteExpiresAt = new Date(Math.min(expiresAt.getTime(), now.getTime() + fx.quoteLifetimeMs));
  const { amount, quote } = quotePayment(orderAmount, order.currency, currency, rate, spreadBasisPoints, quoteExpiresAt);
  return { amount, currency, quote };
}

export interface RateInput {
  base: string;
  quote: string;
  rate: string;
}

/**
 * Replaces the merchant's operator rates for the caller's mode, all taken now. Each pair is checked
 * (known currencies, not the same twice, a positive decimal rate); one bad entry refuses them all.
 */
export async function setOperatorRates(db: Queryable, fx: FxDeps, clock: Clock, actor: Actor, rates: readonly RateInput[]) {
  if (!fx.source.takesOperatorRates) {
    throw new AppError('conflict', `Rates come from the ${fx.source.name} source on this installation (PAYORDERS_FX_SOURCE); operators do not set them`);
  }
  const now = clock.now();
  const seen = new Set<string>();
  const checked = rates.map((r, i) => {
    const base = requirePayCurrency(r.base, `/rates/${i}/base`);
    const quote = requirePayCurrency(r.quote, `/rates/${i}/quote`);
    if (base === quote) throw AppError.invalidField(`/rates/${i}/quote`, 'same_currency', 'must differ from base');
    if (seen.has(`${base}/${quote}`)) throw AppError.invalidField(`/rates/${i}`, 'duplicate', `${base}→${quote} is given twice`);
    seen.add(`${base}/${quote}`);
    parseRate(r.rate, `/rates/${i}/rate`);
    return { base, quote, rate: r.rate, fetchedAt: now };
  });
  await replaceRates(db, actor.merchantId, actor.livemode, checked);
  return ratesView(db, fx, actor, now);
}

/** The rates the caller's payments are priced with now: the merchant's own, then the rates file's, each marked stale or not. */
export async function ratesView(db: Queryable, fx: FxDeps, actor: Pick<Actor, 'merchantId' | 'livemode'>, now: Date) {
  const own = fx.source.takesOperatorRates ? await listRates(db, actor.merchantId, actor.livemode) : [];
  const fromFile = fx.source.takesOperatorRates ? fx.fileRates.filter((f) => !own.some((o) => o.base === f.base && o.quote === f.quote)) : [];
  const row = (r: { base: string; quote: string; rate: string; fetchedAt: Date }, origin: string) => ({
    base: r.base,
    quote: r.quote,
    rate: r.rate,
    origin,
    fetched_at: r.fetchedAt.toISOString(),
    stale: isStale(r.fetchedAt, now, fx.maxRateAgeMs),
  });
  return {
    object: 'fx_rates' as const,
    livemode: actor.livemode,
    source: fx.source.name,
    max_age_seconds: fx.maxRateAgeMs / 1000,
    rates: [...own.map((r) => row(r, 'merchant')), ...fromFile.map((r) => row(r, 'rates_file'))],
  };
}
