import { arrayLiteral, byKeys } from './by-keys.js';
import { batchedPerDb } from './batcher.js';
import { isUniqueViolation, type Queryable } from './db.js';
import type { TableRow } from './inserts.js';

export interface IdempotencyScope {
  merchantId: string;
  livemode: boolean;
  /** Whose key it is: `api_key` for all of the merchant's API keys, `user:<uuid>` for each user. */
  principal: string;
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  fingerprint: string;
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
}

/**
 * Claims the key inside the caller's transaction. While another transaction holds an uncommitted claim
 * on the same key, PostgreSQL makes this INSERT wait; when that one commits, this one finds the row
 * (returns false) and replays it, and when that one rolls back, this one claims the key itself.
 */
export async function claimIdempotencyKey(tx: Queryable, scope: IdempotencyScope, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (merchant_id, livemode, principal, idempotency_key, fingerprint, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
    [scope.merchantId, scope.livemode, scope.principal, scope.key, scope.fingerprint, now],
  );
  return rows.length === 1;
}

/**
 * The key's record already holding the response, to insert with the write it guards (insertRows), so both
 * commit or neither. It has no ON CONFLICT: while another transaction holds the key, PostgreSQL makes the
 * insert wait for that one, and if it commits, the insert fails with a unique violation (see
 * isIdempotencyKeyTaken) and writes nothing.
 */
export function idempotencyRecordRow(scope: IdempotencyScope, status: number, body: string, now: Date): TableRow {
  return {
    table: 'idempotency_keys',
    row: {
      merchant_id: scope.merchantId,
      livemode: scope.livemode,
      principal: scope.principal,
      idempotency_key: scope.key,
      fingerprint: scope.fingerprint,
      response_status: status,
      response_body: body,
      created_at: now.toISOString(),
    },
  };
}

/** The error inserting an idempotencyRecordRow fails with when the key was already taken. */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  return isUniqueViolation(error) && (error as { table?: string }).table === 'idempotency_keys';
}

export async function recordIdempotentResponse(tx: Queryable, scope: IdempotencyScope, status: number, body: string): Promise<void> {
  await tx.query(
    `UPDATE idempotency_keys SET response_status = $5, response_body = $6
     WHERE merchant_id = $1 AND livemode = $2 AND principal = $3 AND idempotency_key = $4`,
    [scope.merchantId, scope.livemode, scope.principal, scope.key, status, body],
  );
}

export async function findIdempotentResponse(db: Queryable, scope: IdempotencyScope): Promise<StoredResponse | null> {
  const rows = await db.query<{ fingerprint: string; response_status: number | null; response_body: string | null }>(
    `SELECT fingerprint, response_status, response_body FROM idempotency_keys
     WHERE merchant_id = $1 AND livemode = $2 AND principal = $3 AND idempotency_key = $4`,
    [scope.merchantId, scope.livemode, scope.principal, scope.key],
  );
  return storedResponse(rows[0]);
}

function storedResponse(row: { fingerprint: string; response_status: number | null; response_body: string | null } | undefined): StoredResponse | null {
  if (!row || row.response_status === null || row.response_body === null) return null;
  return { fingerprint: row.fingerprint, status: row.response_status, body: row.response_body };
}

const FIND_RESPONSES = `
SELECT k.merchant_id, k.livemode, k.principal, k.idempotency_key, k.fingerprint, k.response_status, k.response_body
FROM ${byKeys('idempotency_keys', 'k', [['merchant_id', 'uuid'], ['livemode', 'boolean'], ['principal', 'text'], ['idempotency_key', 'text']])}`;

/**
 * An array parameter spelled as PostgreSQL's array literal, so both drivers send it as is; each element
 * quoted, since keys may hold any visible ASCII character, `"`, `\`, `,` and braces included.
 */

const scopeKey = (merchantId: string, livemode: boolean, principal: string, key: string) => JSON.stringify([merchantId, livemode, principal, key]);

/**
 * findIdempotentResponse outside a transaction, read in one query with the lookups submitted at the
 * same time (see Batcher): a retry of a completed request costs what a GET does. The keys travel as
 * typed arrays through unnest, which PostgreSQL plans once (a json_to_recordset of them was re-planned
 * on every call: about 0.4 ms of database CPU per create).
 */
export const findIdempotentResponseShared = batchedPerDb<IdempotencyScope, StoredResponse | null>(async (db, scopes) => {
  const rows = await db.query<{ merchant_id: string; livemode: boolean; principal: string; idempotency_key: string; fingerprint: string; response_status: number | null; response_body: string | null }>(
    FIND_RESPONSES,
    [
      arrayLiteral(scopes.map((s) => s.merchantId)),
      arrayLiteral(scopes.map((s) => s.livemode)),
      arrayLiteral(scopes.map((s) => s.principal)),
      arrayLiteral(scopes.map((s) => s.key)),
    ],
  );
  const found = new Map(rows.map((row) => [scopeKey(row.merchant_id, row.livemode, row.principal, row.idempotency_key), row]));
  return scopes.map((s) => storedResponse(found.get(scopeKey(s.merchantId, s.livemode, s.principal, s.key))));
});

/** Deletes keys older than the retention window, a bounded batch at a time. */
export async function pruneIdempotencyKeys(db: Queryable, olderThan: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM idempotency_keys WHERE (merchant_id, livemode, principal, idempotency_key) IN (
       SELECT merchant_id, livemode, principal, idempotency_key FROM idempotency_keys
       WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [olderThan, limit],
  );
  return rows.length;
}
