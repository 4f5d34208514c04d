import { batchedPerDb } from './batcher.js';
import { arrayLiteral, byKeys } from './by-keys.js';
import { isDb, type Queryable } from './db.js';

/** A rate an operator set for a merchant and mode (PUT /v1/fx/rates). */
export interface StoredRate {
  base: string;
  quote: string;
  rate: string;
  fetchedAt: Date;
}

interface RateKey {
  merchantId: string;
  livemode: boolean;
  base: string;
  quote: string;
}

const RATES_BY_KEY = `SELECT r.merchant_id, r.livemode, r.base, r.quote, r.rate, r.fetched_at
FROM ${byKeys('fx_rates', 'r', [['merchant_id', 'uuid'], ['livemode', 'boolean'], ['base', 'text'], ['quote', 'text']])}`;

const rateKey = (k: RateKey) => `${k.merchantId}/${String(k.livemode)}/${k.base}/${k.quote}`;

const findRateShared = batchedPerDb<RateKey, StoredRate | null>(async (db, keys) => {
  const rows = await db.query<{ merchant_id: string; livemode: boolean; base: string; quote: string; rate: string; fetched_at: Date | string }>(RATES_BY_KEY, [
    arrayLiteral(keys.map((k) => k.merchantId)),
    arrayLiteral(keys.map((k) => k.livemode)),
    arrayLiteral(keys.map((k) => k.base)),
    arrayLiteral(keys.map((k) => k.quote)),
  ]);
  const found = new Map(rows.map((r) => [rateKey({ merchantId: r.merchant_id, livemode: r.livemode, base: r.base, quote: r.quote }), { base: r.base, quote: r.quote, rate: r.rate, fetchedAt: new Date(r.fetched_at) }]));
  return keys.map((k) => found.get(rateKey(k)) ?? null);
});

/** The rate; outside a transaction, read in one query with the lookups submitted at the same time. */
export async function findRate(db: Queryable, merchantId: string, livemode: boolean, base: string, quote: string): Promise<StoredRate | null> {
  if (isDb(db)) return findRateShared(db, { merchantId, livemode, base, quote });
  const rows = await db.query<{ rate: string; fetched_at: Date | string }>(
    `SELECT rate, fetched_at FROM fx_rates WHERE merchant_id = $1 AND livemode = $2 AND base = $3 AND quote = $4`,
    [merchantId, livemode, base, quote],
  );
  return rows[0] ? { base, quote, rate: rows[0].rate, fetchedAt: new Date(rows[0].fetched_at) } : null;
}

export async function listRates(db: Queryable, merchantId: string, livemode: boolean): Promise<StoredRate[]> {
  const rows = await db.query<{ base: string; quote: string; rate: string; fetched_at: Date | string }>(
    `SELECT base, quote, rate, fetched_at FROM fx_rates WHERE merchant_id = $1 AND livemode = $2 ORDER BY base, quote`,
    [merchantId, livemode],
  );
  return rows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, fetchedAt: new Date(r.fetched_at) }));
}

/** Replaces the merchant's rates for the mode with `rates`, in the caller's transaction. */
export async function replaceRates(db: Queryable, merchantId: string, livemode: boolean, rates: readonly StoredRate[]): Promise<void> {
  await db.query(`DELETE FROM fx_rates WHERE merchant_id = $1 AND livemode = $2`, [merchantId, livemode]);
  if (rates.length === 0) return;
  await db.query(
    `INSERT INTO fx_rates (merchant_id, livemode, base, quote, rate, fetched_at)
     SELECT $1, $2, r.base, r.quote, r.rate, r.fetched_at FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS r(base, quote, rate, fetched_at)`,
    [merchantId, livemode, rates.map((r) => r.base), rates.map((r) => r.quote), rates.map((r) => r.rate), rates.map((r) => r.fetchedAt.toISOString())],
  );
}
