import type { Clock } from '../clock.js';
import type { FxConfig } from '../config.js';
import { AppError } from '../domain/errors.js';
import { RATE, type FxRate } from '../domain/fx.js';
import type { Queryable } from '../store/db.js';
import { findRate } from '../store/fx-rates.sql.js';

/**
 * Where exchange rates come from. A source answers the rate it has for a pair, with when it was taken, or
 * null when it has none; whether the rate is fresh enough to price with is the caller's rule, not the source's.
 */
export interface RatesSource {
  name: string;
  /** Operators set this source's rates through PUT /v1/fx/rates. */
  takesOperatorRates: boolean;
  rate(db: Queryable, merchantId: string, livemode: boolean, base: string, quote: string): Promise<FxRate | null>;
}

/** The default: the rates the merchant's owner set (PUT /v1/fx/rates), else the installation's rates file. */
export function operatorRates(fileRates: FxConfig['fileRates']): RatesSource {
  return {
    name: 'operator',
    takesOperatorRates: true,
    async rate(db, merchantId, livemode, base, quote) {
      const stored = (await findRate(db, merchantId, livemode, base, quote)) ?? fileRates.find((r) => r.base === base && r.quote === quote);
      return stored ? { ...stored, source: 'operator' } : null;
    },
  };
}

/** Errors that mean the request never left. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A rates API in the shape of Coinbase's public Data API: `GET <url>/v2/exchange-rates?currency=USD` answers
 * `{"data": {"currency": "USD", "rates": {"BRL": "5.4321", …}}}`, every rate a decimal string (read as
 * written, never through a float). One request per base currency, kept for `cacheMs`, so a burst of payments
 * asks once. The API says nothing of when its rate was taken: the time it answered is its fetched_at.
 */
export function httpRates(config: NonNullable<FxConfig['http']>, clock: Clock, fetchImpl: typeof fetch = fetch): RatesSource {
  const cache = new Map<string, { rates: Record<string, unknown>; fetchedAt: Date }>();

  async function ratesOf(base: string): Promise<{ rates: Record<string, unknown>; fetchedAt: Date }> {
    const cached = cache.get(base);
    if (cached && clock.now().getTime() - cached.fetchedAt.getTime() < config.cacheMs) return cached;
    let res: Response;
    try {
      res = await fetchImpl(`${config.url}/v2/exchange-rates?currency=${encodeURIComponent(base)}`, {
        headers: { accept: 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      const why = code && NOT_SENT.has(code) ? `could not be reached (${code})` : timedOut ? `did not answer within ${config.timeoutMs} ms` : 'connection failed';
      throw new AppError('provider_unavailable', `The rates API ${why}; nothing was created, retry`);
    }
    const body = (await res.json().catch(() => null)) as { data?: { currency?: unknown; rates?: unknown } } | null;
    // The API refuses a base it does not know (Coinbase: 400 invalid currency): it has no rate from it, which is no outage.
    if (res.status >= 400 && res.status < 500 && res.status !== 429) return { rates: {}, fetchedAt: clock.now() };
    if (!res.ok || body?.data?.currency !== base || typeof body.data.rates !== 'object' || body.data.rates === null) {
      throw new AppError('provider_unavailable', `The rates API answered HTTP ${res.status} without rates for ${base}; nothing was created, retry`);
    }
    const answer = { rates: body.data.rates as Record<string, unknown>, fetchedAt: clock.now() };
    cache.set(base, answer);
    return answer;
  }

  return {
    name: 'http',
    takesOperatorRates: false,
    async rate(_db, _merchantId, _livemode, base, quote) {
      const { rates, fetchedAt } = await ratesOf(base);
      const rate = rates[quote];
      // A rate the API writes in another form (an exponent, a number) is no rate of ours: refused as missing, not guessed.
      return typeof rate === 'string' && RATE.test(rate) && /[1-9]/.test(rate) ? { base, quote, rate, source: new URL(config.url).host, fetchedAt } : null;
    },
  };
}
