import { isUniqueViolation, type Queryable, type Statement } from './db.js';

export interface IdempotencyScope {
  merchantId: string;
  livemode: boolean;
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
    `INSERT INTO idempotency_keys (merchant_id, livemode, idempotency_key, fingerprint, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [scope.merchantId, scope.livemode, scope.key, scope.fingerprint, now],
  );
  return rows.length === 1;
}

/**
 * `write` extended to also insert the key's record, already holding the response, so that one statement
 * commits both or neither. The INSERT has no ON CONFLICT: when another transaction holds the key,
 * PostgreSQL makes it wait for that one; if it commits, the whole statement fails with a unique violation
 * (see isIdempotencyKeyTaken) and wrote nothing. `write` may itself start with a (non-recursive) WITH.
 */
export function withIdempotencyRecord(write: Statement, scope: IdempotencyScope, status: number, body: string, now: Date): Statement {
  const n = write.params.length;
  const record = `idempotency_record AS (
  INSERT INTO idempotency_keys (merchant_id, livemode, idempotency_key, fingerprint, response_status, response_body, created_at)
  VALUES ($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}))`;
  const text = write.text.trimStart();
  return {
    text: /^WITH\s/i.test(text) ? `WITH ${record},\n${text.slice(4).trimStart()}` : `WITH ${record}\n${text}`,
    params: [...write.params, scope.merchantId, scope.livemode, scope.key, scope.fingerprint, status, body, now],
  };
}

/** The error withIdempotencyRecord's statement fails with when the key was already taken. */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  const e = error as { table?: string; table_name?: string } | null;
  return isUniqueViolation(error) && (e?.table_name ?? e?.table) === 'idempotency_keys';
}

export async function recordIdempotentResponse(tx: Queryable, scope: IdempotencyScope, status: number, body: string): Promise<void> {
  await tx.query(
    `UPDATE idempotency_keys SET response_status = $4, response_body = $5
     WHERE merchant_id = $1 AND livemode = $2 AND idempotency_key = $3`,
    [scope.merchantId, scope.livemode, scope.key, status, body],
  );
}

export async function findIdempotentResponse(db: Queryable, scope: IdempotencyScope): Promise<StoredResponse | null> {
  const rows = await db.query<{ fingerprint: string; response_status: number | null; response_body: string | null }>(
    `SELECT fingerprint, response_status, response_body FROM idempotency_keys
     WHERE merchant_id = $1 AND livemode = $2 AND idempotency_key = $3`,
    [scope.merchantId, scope.livemode, scope.key],
  );
  const row = rows[0];
  if (!row || row.response_status === null || row.response_body === null) return null;
  return { fingerprint: row.fingerprint, status: row.response_status, body: row.response_body };
}

/** Deletes keys older than the retention window, a bounded batch at a time. */
export async function pruneIdempotencyKeys(db: Queryable, olderThan: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM idempotency_keys WHERE (merchant_id, livemode, idempotency_key) IN (
       SELECT merchant_id, livemode, idempotency_key FROM idempotency_keys
       WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [olderThan, limit],
  );
  return rows.length;
}
