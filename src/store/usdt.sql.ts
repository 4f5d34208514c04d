import type { Queryable } from './db.js';

/** Takes the next derivation index of an xpub for a merchant and mode: one atomic statement, so no two callers get the same. */
export async function takeAddressIndex(db: Queryable, merchantId: string, livemode: boolean, xpub: string): Promise<number> {
  const rows = await db.query<{ taken: string | number }>(
    `INSERT INTO usdt_address_indexes (merchant_id, livemode, xpub, next_index) VALUES ($1, $2, $3, 1)
     ON CONFLICT (merchant_id, livemode, xpub) DO UPDATE SET next_index = usdt_address_indexes.next_index + 1
     RETURNING next_index - 1 AS taken`,
    [merchantId, livemode, xpub],
  );
  return Number(rows[0]!.taken);
}

export interface DepositAddress {
  merchantId: string;
  livemode: boolean;
  provider: string;
  address: string;
  paymentId: string;
  derivationIndex: number;
  watchUntil: Date;
  createdAt: Date;
}

/** Records a payment's address; false when the address is already some payment's (another merchant on the same xpub). */
export async function insertDepositAddress(db: Queryable, a: DepositAddress): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO usdt_deposit_addresses (merchant_id, livemode, provider, address, payment_id, derivation_index, watch_until, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
    [a.merchantId, a.livemode, a.provider, a.address, a.paymentId, a.derivationIndex, a.watchUntil, a.createdAt],
  );
  return rows.length === 1;
}

/**
 * Of `addresses`, those that are a recorded payment's deposit address still watched at `now` (one of a payment
 * set up but never recorded is not): one indexed lookup per page of events.
 */
export async function watchedAmong(db: Queryable, provider: string, addresses: string[], now: Date): Promise<Map<string, { merchantId: string; livemode: boolean; paymentId: string }>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.query<{ address: string; merchant_id: string; livemode: boolean; payment_id: string }>(
    `SELECT a.address, a.merchant_id, a.livemode, a.payment_id FROM usdt_deposit_addresses a
     JOIN payments p ON p.merchant_id = a.merchant_id AND p.payment_id = a.payment_id
     WHERE a.provider = $1 AND a.address = ANY($2::text[]) AND a.watch_until > $3`,
    [provider, addresses, now],
  );
  return new Map(rows.map((r) => [r.address, { merchantId: r.merchant_id, livemode: r.livemode, paymentId: r.payment_id }]));
}

export async function countWatched(db: Queryable, provider: string, now: Date): Promise<number> {
  const rows = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM usdt_deposit_addresses WHERE provider = $1 AND watch_until > $2`, [provider, now]);
  return Number(rows[0]!.n);
}

export interface UsdtTransfer {
  merchantId: string;
  livemode: boolean;
  provider: string;
  transactionId: string;
  eventIndex: number;
  address: string;
  paymentId: string;
  fromAddress: string;
  amount: number;
  blockNumber: number;
  blockTimestamp: Date;
  status: 'seen' | 'credited' | 'dust' | 'extra';
  seenAt: Date;
}

/** Records transfers found; one already recorded (a rescan, another node) is left as it is. Answers how many were new. */
export async function recordTransfers(db: Queryable, transfers: UsdtTransfer[]): Promise<number> {
  if (transfers.length === 0) return 0;
  const col = <K extends keyof UsdtTransfer>(k: K) => transfers.map((t) => (t[k] instanceof Date ? (t[k] as Date).toISOString() : t[k]));
  const rows = await db.query(
    `INSERT INTO usdt_transfers (merchant_id, livemode, provider, transaction_id, event_index, address, payment_id, from_address, amount, block_number, block_timestamp, status, seen_at)
     SELECT * FROM unnest($1::uuid[], $2::boolean[], $3::text[], $4::text[], $5::int[], $6::text[], $7::uuid[], $8::text[], $9::bigint[], $10::bigint[], $11::timestamptz[], $12::text[], $13::timestamptz[])
     ON CONFLICT DO NOTHING RETURNING 1`,
    [
      col('merchantId'),
      col('livemode'),
      col('provider'),
      col('transactionId'),
      col('eventIndex'),
      col('address'),
      col('paymentId'),
      col('fromAddress'),
      col('amount'),
      col('blockNumber'),
      col('blockTimestamp'),
      col('status'),
      col('seenAt'),
    ],
  );
  return rows.length;
}

export interface TransferRow {
  merchant_id: string;
  livemode: boolean;
  provider: string;
  transaction_id: string;
  event_index: number;
  address: string;
  payment_id: string;
  from_address: string;
  amount: string | number;
  block_number: string | number;
  block_timestamp: Date | string;
  status: UsdtTransfer['status'];
  seen_at: Date | string;
}

export const toTransfer = (r: TransferRow): UsdtTransfer => ({
  merchantId: r.merchant_id,
  livemode: r.livemode,
  provider: r.provider,
  transactionId: r.transaction_id,
  eventIndex: r.event_index,
  address: r.address,
  paymentId: r.payment_id,
  fromAddress: r.from_address,
  amount: Number(r.amount),
  blockNumber: Number(r.block_number),
  blockTimestamp: new Date(r.block_timestamp),
  status: r.status,
  seenAt: new Date(r.seen_at),
});

/** Seen transfers in blocks at or below `maxBlock` (confirmed enough), oldest first. */
export async function dueConfirmations(db: Queryable, provider: string, maxBlock: number, limit: number): Promise<UsdtTransfer[]> {
  const rows = await db.query<TransferRow>(
    `SELECT * FROM usdt_transfers WHERE provider = $1 AND status = 'seen' AND block_number <= $2 ORDER BY block_number LIMIT $3`,
    [provider, maxBlock, limit],
  );
  return rows.map(toTransfer);
}

/** Locks one seen transfer for its confirmation, or null when another node holds it or it was confirmed meanwhile. */
export async function lockSeenTransfer(db: Queryable, t: Pick<UsdtTransfer, 'merchantId' | 'provider' | 'transactionId' | 'eventIndex'>): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM usdt_transfers WHERE merchant_id = $1 AND provider = $2 AND transaction_id = $3 AND event_index = $4 AND status = 'seen' FOR UPDATE SKIP LOCKED`,
    [t.merchantId, t.provider, t.transactionId, t.eventIndex],
  );
  return rows.length === 1;
}

export async function settleTransfer(db: Queryable, t: Pick<UsdtTransfer, 'merchantId' | 'provider' | 'transactionId' | 'eventIndex'>, status: 'credited' | 'extra', at: Date): Promise<void> {
  await db.query(`UPDATE usdt_transfers SET status = $5, confirmed_at = $6 WHERE merchant_id = $1 AND provider = $2 AND transaction_id = $3 AND event_index = $4`, [
    t.merchantId,
    t.provider,
    t.transactionId,
    t.eventIndex,
    status,
    at,
  ]);
}

export async function transfersOfPayment(db: Queryable, merchantId: string, paymentId: string): Promise<UsdtTransfer[]> {
  const rows = await db.query<TransferRow>(`SELECT * FROM usdt_transfers WHERE merchant_id = $1 AND payment_id = $2 ORDER BY block_number, transaction_id`, [merchantId, paymentId]);
  return rows.map(toTransfer);
}

/**
 * Leases the chain's cursor for one scan: answers where the last scan reached and whether it reached the head, or
 * null when another node's lease is still running. A node that dies mid-scan leaves it to the next after the
 * lease; what it had recorded stays.
 */
export async function leaseCursor(db: Queryable, provider: string, now: Date, leaseUntil: Date, startMs: number): Promise<{ reachedMs: number; complete: boolean } | null> {
  await db.query(`INSERT INTO chain_cursors (provider, block_timestamp_ms, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [provider, startMs, now]);
  const rows = await db.query<{ block_timestamp_ms: string | number; complete: boolean }>(
    `UPDATE chain_cursors SET lease_until = $3 WHERE provider = $1 AND (lease_until IS NULL OR lease_until <= $2) RETURNING block_timestamp_ms, complete`,
    [provider, now, leaseUntil],
  );
  return rows[0] ? { reachedMs: Number(rows[0].block_timestamp_ms), complete: rows[0].complete } : null;
}

/** Moves the cursor (never back) and ends the lease. */
export async function releaseCursor(db: Queryable, provider: string, reached: { reachedMs: number; complete: boolean }, now: Date): Promise<void> {
  await db.query(
    `UPDATE chain_cursors SET complete = CASE WHEN $2 >= block_timestamp_ms THEN $3 ELSE complete END, block_timestamp_ms = GREATEST(block_timestamp_ms, $2),
       lease_until = NULL, updated_at = $4 WHERE provider = $1`,
    [provider, reached.reachedMs, reached.complete, now],
  );
}
