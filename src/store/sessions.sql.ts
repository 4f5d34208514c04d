import type { Queryable } from './db.js';
import { USER_COLUMNS, toUser, type UserRecord, type UserRow } from './accounts.sql.js';

export interface SigningKeyRecord {
  merchantId: string;
  generation: number;
  secret: Uint8Array;
  createdAt: Date;
  expiresAt: Date | null;
}

export type RevokedReason = 'sign_out' | 'refresh_token_reused' | 'user_disabled';

export interface SessionRecord {
  merchantId: string;
  sessionId: string;
  userId: string;
  livemode: boolean;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const KEY_COLUMNS = `merchant_id, generation, secret, created_at, expires_at`;
interface KeyRow {
  merchant_id: string;
  generation: number;
  secret: Uint8Array;
  created_at: Date;
  expires_at: Date | null;
}
const toKey = (r: KeyRow): SigningKeyRecord => ({
  merchantId: r.merchant_id,
  generation: r.generation,
  secret: r.secret,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** The key that signs new tokens: the newest generation. */
export async function findCurrentSigningKey(db: Queryable, merchantId: string): Promise<SigningKeyRecord | null> {
  const rows = await db.query<KeyRow>(
    `SELECT ${KEY_COLUMNS} FROM signing_keys WHERE merchant_id = $1 ORDER BY generation DESC LIMIT 1`,
    [merchantId],
  );
  return rows[0] ? toKey(rows[0]) : null;
}

export async function findSigningKey(db: Queryable, merchantId: string, generation: number): Promise<SigningKeyRecord | null> {
  const rows = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM signing_keys WHERE merchant_id = $1 AND generation = $2`, [
    merchantId,
    generation,
  ]);
  return rows[0] ? toKey(rows[0]) : null;
}

export async function listSigningKeys(db: Queryable, merchantId: string): Promise<SigningKeyRecord[]> {
  return (await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM signing_keys WHERE merchant_id = $1 ORDER BY generation`, [merchantId])).map(toKey);
}

/**
 * Adds the merchant's next generation. Returns it, or null when a concurrent insert took the same
 * generation (the primary key settles the race: nodes signing in a merchant's first users at once, or two
 * rotations, end with one new key).
 */
export async function insertNextSigningKey(db: Queryable, merchantId: string, secret: Uint8Array, at: Date): Promise<number | null> {
  const rows = await db.query<{ generation: number }>(
    `INSERT INTO signing_keys (merchant_id, generation, secret, created_at)
     SELECT $1, COALESCE(max(generation), 0) + 1, $2, $3 FROM signing_keys WHERE merchant_id = $1
     ON CONFLICT DO NOTHING RETURNING generation`,
    [merchantId, secret, at],
  );
  return rows[0]?.generation ?? null;
}

/**
 * Ends the keys older than `generation` at `endsAt` (never later than they already end), and drops those
 * that had ended by `now`: they verify nothing any more.
 */
export async function retireSigningKeys(db: Queryable, merchantId: string, generation: number, now: Date, endsAt: Date): Promise<void> {
  await db.query(`DELETE FROM signing_keys WHERE merchant_id = $1 AND generation < $2 AND expires_at <= $3`, [merchantId, generation, now]);
  await db.query(
    `UPDATE signing_keys SET expires_at = LEAST(COALESCE(expires_at, $3), $3) WHERE merchant_id = $1 AND generation < $2`,
    [merchantId, generation, endsAt],
  );
}

export async function insertSession(db: Queryable, s: SessionRecord): Promise<void> {
  await db.query(
    `INSERT INTO user_sessions (merchant_id, session_id, user_id, livemode, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.merchantId, s.sessionId, s.userId, s.livemode, s.createdAt, s.expiresAt],
  );
}

export async function extendSession(db: Queryable, merchantId: string, sessionId: string, expiresAt: Date): Promise<void> {
  await db.query(`UPDATE user_sessions SET expires_at = $3 WHERE merchant_id = $1 AND session_id = $2`, [merchantId, sessionId, expiresAt]);
}

const USER_COLUMNS_OF_U = USER_COLUMNS.replace(/\w+/g, 'u.$&');

/** A session with its user, in one read: every access token's first use on a node asks for both. */
export async function findSessionWithUser(db: Queryable, merchantId: string, sessionId: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  const rows = await db.query<UserRow & { session_id: string; livemode: boolean; session_created_at: Date; expires_at: Date; revoked_at: Date | null }>(
    `SELECT ${USER_COLUMNS_OF_U}, s.session_id, s.livemode, s.created_at AS session_created_at, s.expires_at, s.revoked_at
     FROM user_sessions s JOIN users u USING (merchant_id, user_id)
     WHERE s.merchant_id = $1 AND s.session_id = $2`,
    [merchantId, sessionId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    user: toUser(r),
    session: {
      merchantId: r.merchant_id,
      sessionId: r.session_id,
      userId: r.user_id,
      livemode: r.livemode,
      createdAt: r.session_created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    },
  };
}

export async function revokeSession(db: Queryable, merchantId: string, sessionId: string, at: Date, reason: RevokedReason): Promise<void> {
  await db.query(
    `UPDATE user_sessions SET revoked_at = $3, revoked_reason = $4 WHERE merchant_id = $1 AND session_id = $2 AND revoked_at IS NULL`,
    [merchantId, sessionId, at, reason],
  );
}

/** Revokes every live session of a user; returns how many there were. */
export async function revokeUserSessions(db: Queryable, merchantId: string, userId: string, at: Date, reason: RevokedReason): Promise<number> {
  const rows = await db.query(
    `UPDATE user_sessions SET revoked_at = $3, revoked_reason = $4
     WHERE merchant_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING 1`,
    [merchantId, userId, at, reason],
  );
  return rows.length;
}

export async function insertRefreshToken(db: Queryable, merchantId: string, tokenHash: string, sessionId: string, at: Date): Promise<void> {
  await db.query(`INSERT INTO refresh_tokens (merchant_id, token_hash, session_id, created_at) VALUES ($1, $2, $3, $4)`, [
    merchantId,
    tokenHash,
    sessionId,
    at,
  ]);
}

/**
 * Marks a refresh token used. `reused` when it had been used before (or a concurrent request used it
 * first: the row lock makes the second wait, then find it used); null when no such token was issued.
 */
export async function useRefreshToken(db: Queryable, merchantId: string, tokenHash: string, at: Date): Promise<{ sessionId: string; reused: boolean } | null> {
  const used = await db.query<{ session_id: string }>(
    `UPDATE refresh_tokens SET used_at = $3 WHERE merchant_id = $1 AND token_hash = $2 AND used_at IS NULL RETURNING session_id`,
    [merchantId, tokenHash, at],
  );
  if (used[0]) return { sessionId: used[0].session_id, reused: false };
  const sessionId = await findRefreshTokenSession(db, merchantId, tokenHash);
  return sessionId ? { sessionId, reused: true } : null;
}

/** The session a refresh token (used or not) belongs to. */
export async function findRefreshTokenSession(db: Queryable, merchantId: string, tokenHash: string): Promise<string | null> {
  const rows = await db.query<{ session_id: string }>(`SELECT session_id FROM refresh_tokens WHERE merchant_id = $1 AND token_hash = $2`, [
    merchantId,
    tokenHash,
  ]);
  return rows[0]?.session_id ?? null;
}

/**
 * Deletes a bounded batch of sessions that ended before `endedBefore` (revoked, or unused past their
 * expiry), with their refresh tokens, in one statement.
 */
export async function pruneEndedSessions(db: Queryable, endedBefore: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `WITH ended AS (
       SELECT merchant_id, session_id FROM user_sessions
       WHERE LEAST(expires_at, COALESCE(revoked_at, expires_at)) < $1
       LIMIT $2 FOR UPDATE SKIP LOCKED
     ), tokens AS (
       DELETE FROM refresh_tokens r USING ended e WHERE r.merchant_id = e.merchant_id AND r.session_id = e.session_id
     )
     DELETE FROM user_sessions s USING ended e WHERE s.merchant_id = e.merchant_id AND s.session_id = e.session_id
     RETURNING 1`,
    [endedBefore, limit],
  );
  return rows.length;
}
