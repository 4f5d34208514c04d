import type { Role } from '../domain/actor.js';
import type { Queryable } from './db.js';

export interface MerchantRecord {
  merchantId: string;
  name: string;
  createdAt: Date;
}
export interface StoreRecord {
  merchantId: string;
  storeId: string;
  name: string;
  createdAt: Date;
}
export interface BranchRecord extends StoreRecord {
  branchId: string;
}
export interface UserRecord {
  merchantId: string;
  userId: string;
  email: string;
  passwordHash: string;
  role: Role;
  storeId: string | null;
  branchId: string | null;
  createdAt: Date;
  disabledAt: Date | null;
}
export interface ApiKeyRecord {
  merchantId: string;
  keyId: string;
  livemode: boolean;
  name: string | null;
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Null until first used (and for keys made by the insert below). */
  lastUsedAt?: Date | null;
}

export async function insertMerchant(db: Queryable, m: MerchantRecord): Promise<void> {
  await db.query(`INSERT INTO merchants (merchant_id, name, created_at) VALUES ($1, $2, $3)`, [m.merchantId, m.name, m.createdAt]);
}

export async function listMerchants(db: Queryable): Promise<MerchantRecord[]> {
  const rows = await db.query<{ merchant_id: string; name: string; created_at: Date }>(
    `SELECT merchant_id, name, created_at FROM merchants ORDER BY merchant_id`,
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, name: r.name, createdAt: r.created_at }));
}

export async function merchantExists(db: Queryable, merchantId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM merchants WHERE merchant_id = $1`, [merchantId])).length === 1;
}

export async function insertStore(db: Queryable, s: StoreRecord): Promise<void> {
  await db.query(`INSERT INTO stores (merchant_id, store_id, name, created_at) VALUES ($1, $2, $3, $4)`, [
    s.merchantId,
    s.storeId,
    s.name,
    s.createdAt,
  ]);
}

export async function listStores(db: Queryable, merchantId: string): Promise<StoreRecord[]> {
  const rows = await db.query<{ merchant_id: string; store_id: string; name: string; created_at: Date }>(
    `SELECT merchant_id, store_id, name, created_at FROM stores WHERE merchant_id = $1 ORDER BY store_id`,
    [merchantId],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, storeId: r.store_id, name: r.name, createdAt: r.created_at }));
}

export async function insertBranch(db: Queryable, b: BranchRecord): Promise<void> {
  await db.query(`INSERT INTO branches (merchant_id, branch_id, store_id, name, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    b.merchantId,
    b.branchId,
    b.storeId,
    b.name,
    b.createdAt,
  ]);
}

export async function listBranches(db: Queryable, merchantId: string): Promise<BranchRecord[]> {
  const rows = await db.query<{ merchant_id: string; branch_id: string; store_id: string; name: string; created_at: Date }>(
    `SELECT merchant_id, branch_id, store_id, name, created_at FROM branches WHERE merchant_id = $1 ORDER BY branch_id`,
    [merchantId],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, branchId: r.branch_id, storeId: r.store_id, name: r.name, createdAt: r.created_at }));
}

/** The store a branch belongs to, or null when the merchant has no such branch. */
export async function findBranchStore(db: Queryable, merchantId: string, branchId: string): Promise<string | null> {
  const rows = await db.query<{ store_id: string }>(`SELECT store_id FROM branches WHERE merchant_id = $1 AND branch_id = $2`, [
    merchantId,
    branchId,
  ]);
  return rows[0]?.store_id ?? null;
}

export async function storeExists(db: Queryable, merchantId: string, storeId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM stores WHERE merchant_id = $1 AND store_id = $2`, [merchantId, storeId])).length === 1;
}

export const USER_COLUMNS = `merchant_id, user_id, email, password_hash, role, store_id, branch_id, created_at, disabled_at`;
export interface UserRow {
  merchant_id: string;
  user_id: string;
  email: string;
  password_hash: string;
  role: Role;
  store_id: string | null;
  branch_id: string | null;
  created_at: Date;
  disabled_at: Date | null;
}
export const toUser = (r: UserRow): UserRecord => ({
  merchantId: r.merchant_id,
  userId: r.user_id,
  email: r.email,
  passwordHash: r.password_hash,
  role: r.role,
  storeId: r.store_id,
  branchId: r.branch_id,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

export async function insertUser(db: Queryable, u: UserRecord): Promise<void> {
  await db.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    u.merchantId,
    u.userId,
    u.email,
    u.passwordHash,
    u.role,
    u.storeId,
    u.branchId,
    u.createdAt,
    u.disabledAt,
  ]);
}

/** Users with this email (case-insensitive), across merchants: sign-in names a merchant only when ambiguous. */
export async function findUsersByEmail(db: Queryable, email: string): Promise<UserRecord[]> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email])).map(toUser);
}

export async function findUser(db: Queryable, merchantId: string, userId: string): Promise<UserRecord | null> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE merchant_id = $1 AND user_id = $2`, [merchantId, userId]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Sets or clears disabled_at; false when the merchant has no such user or it already was in that state. */
export async function setUserDisabledAt(db: Queryable, merchantId: string, userId: string, at: Date | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET disabled_at = $3 WHERE merchant_id = $1 AND user_id = $2 AND (disabled_at IS NULL) = ($3::timestamptz IS NOT NULL) RETURNING 1`,
    [merchantId, userId, at],
  );
  return rows.length === 1;
}

export async function listUsers(db: Queryable, merchantId: string): Promise<UserRecord[]> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE merchant_id = $1 ORDER BY user_id`, [merchantId])).map(toUser);
}

const KEY_COLUMNS = `merchant_id, key_id, livemode, name, last4, created_at, expires_at, revoked_at, last_used_at`;
interface KeyRow {
  last_used_at: Date | null;
  merchant_id: string;
  key_id: string;
  livemode: boolean;
  name: string | null;
  last4: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}
const toKey = (r: KeyRow): ApiKeyRecord => ({
  merchantId: r.merchant_id,
  keyId: r.key_id,
  livemode: r.livemode,
  name: r.name,
  last4: r.last4,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export async function insertApiKey(db: Queryable, k: ApiKeyRecord, secretHash: string): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (merchant_id, key_id, livemode, name, secret_hash, last4, created_at, expires_at, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [k.merchantId, k.keyId, k.livemode, k.name, secretHash, k.last4, k.createdAt, k.expiresAt, k.revokedAt],
  );
}

export async function findApiKeyBySecretHash(db: Queryable, merchantId: string, secretHash: string): Promise<ApiKeyRecord | null> {
  const rows = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE merchant_id = $1 AND secret_hash = $2`, [
    merchantId,
    secretHash,
  ]);
  return rows[0] ? toKey(rows[0]) : null;
}

export async function findApiKey(db: Queryable, merchantId: string, keyId: string): Promise<ApiKeyRecord | null> {
  const rows = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE merchant_id = $1 AND key_id = $2`, [merchantId, keyId]);
  return rows[0] ? toKey(rows[0]) : null;
}

export async function listApiKeys(db: Queryable, merchantId: string): Promise<ApiKeyRecord[]> {
  return (await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE merchant_id = $1 ORDER BY key_id`, [merchantId])).map(toKey);
}

/** Revokes now, or schedules the end of a rolled key's life; never extends a key that already ends sooner. */
export async function endApiKey(db: Queryable, merchantId: string, keyId: string, column: 'revoked_at' | 'expires_at', at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE api_keys SET ${column} = LEAST(COALESCE(${column}, $3), $3)
     WHERE merchant_id = $1 AND key_id = $2 AND revoked_at IS NULL RETURNING 1`,
    [merchantId, keyId, at],
  );
  return rows.length === 1;
}

/** Records a use of the key; an earlier time (a slower node's) never overwrites a later one. */
export async function touchApiKey(db: Queryable, merchantId: string, keyId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = $3 WHERE merchant_id = $1 AND key_id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
    [merchantId, keyId, at],
  );
}

export async function findMerchant(db: Queryable, merchantId: string): Promise<MerchantRecord | null> {
  const rows = await db.query<{ merchant_id: string; name: string; created_at: Date }>(
    `SELECT merchant_id, name, created_at FROM merchants WHERE merchant_id = $1`,
    [merchantId],
  );
  return rows[0] ? { merchantId: rows[0].merchant_id, name: rows[0].name, createdAt: rows[0].created_at } : null;
}

export async function renameMerchant(db: Queryable, merchantId: string, name: string): Promise<MerchantRecord | null> {
  const rows = await db.query<{ merchant_id: string; name: string; created_at: Date }>(
    `UPDATE merchants SET name = $2 WHERE merchant_id = $1 RETURNING merchant_id, name, created_at`,
    [merchantId, name],
  );
  return rows[0] ? { merchantId: rows[0].merchant_id, name: rows[0].name, createdAt: rows[0].created_at } : null;
}

export async function renameStore(db: Queryable, merchantId: string, storeId: string, name: string): Promise<StoreRecord | null> {
  const rows = await db.query<{ merchant_id: string; store_id: string; name: string; created_at: Date }>(
    `UPDATE stores SET name = $3 WHERE merchant_id = $1 AND store_id = $2 RETURNING merchant_id, store_id, name, created_at`,
    [merchantId, storeId, name],
  );
  const r = rows[0];
  return r ? { merchantId: r.merchant_id, storeId: r.store_id, name: r.name, createdAt: r.created_at } : null;
}

export async function renameBranch(db: Queryable, merchantId: string, branchId: string, name: string): Promise<BranchRecord | null> {
  const rows = await db.query<{ merchant_id: string; branch_id: string; store_id: string; name: string; created_at: Date }>(
    `UPDATE branches SET name = $3 WHERE merchant_id = $1 AND branch_id = $2 RETURNING merchant_id, branch_id, store_id, name, created_at`,
    [merchantId, branchId, name],
  );
  const r = rows[0];
  return r ? { merchantId: r.merchant_id, branchId: r.branch_id, storeId: r.store_id, name: r.name, createdAt: r.created_at } : null;
}
