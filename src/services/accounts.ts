import type { Clock } from '../clock.js';
import type { Actor, Role } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import * as accounts from '../store/accounts.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { hashPassword, newApiKey } from './credentials.js';
import { publishableKeyFor } from './publishable-keys.js';

/** Tenancy and access administration: used by the CLI and by the first start. */

export async function createMerchant(db: Queryable, clock: Clock, name: string): Promise<accounts.MerchantRecord> {
  const now = clock.now();
  const merchant = { merchantId: uuidv7(now.getTime()), name, createdAt: now };
  await accounts.insertMerchant(db, merchant);
  return merchant;
}

export async function createStore(db: Queryable, clock: Clock, merchantId: string, name: string): Promise<accounts.StoreRecord> {
  await requireMerchant(db, merchantId);
  const now = clock.now();
  const store = { merchantId, storeId: uuidv7(now.getTime()), name, createdAt: now };
  await accounts.insertStore(db, store);
  return store;
}

export async function createBranch(db: Queryable, clock: Clock, merchantId: string, storeId: string, name: string): Promise<accounts.BranchRecord> {
  if (!(await accounts.storeExists(db, merchantId, storeId))) throw AppError.notFound('store', storeId);
  const now = clock.now();
  const branch = { merchantId, storeId, branchId: uuidv7(now.getTime()), name, createdAt: now };
  await accounts.insertBranch(db, branch);
  return branch;
}

export interface NewUser {
  merchantId: string;
  email: string;
  password: string;
  role: Role;
  storeId?: string | null;
  branchId?: string | null;
}

export async function createUser(db: Queryable, clock: Clock, input: NewUser): Promise<accounts.UserRecord> {
  await requireMerchant(db, input.merchantId);
  if (input.password.length < 12) throw AppError.invalidField('password', 'too_short', 'must be at least 12 characters');
  let storeId = input.storeId ?? null;
  const branchId = input.branchId ?? null;
  if (input.role === 'owner' && (storeId || branchId)) throw AppError.invalidField('role', 'invalid', 'owner users belong to no store or branch');
  if (input.role === 'store' && (!storeId || branchId)) throw AppError.invalidField('store', 'required', 'store users need a store and no branch');
  if (input.role === 'branch') {
    if (!branchId) throw AppError.invalidField('branch', 'required', 'branch users need a branch');
    const branchStore = await accounts.findBranchStore(db, input.merchantId, branchId);
    if (!branchStore || (storeId && storeId !== branchStore)) throw AppError.notFound('branch', branchId);
    storeId = branchStore;
  }
  if (storeId && !(await accounts.storeExists(db, input.merchantId, storeId))) throw AppError.notFound('store', storeId);
  const now = clock.now();
  const user: accounts.UserRecord = {
    merchantId: input.merchantId,
    userId: uuidv7(now.getTime()),
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    storeId,
    branchId,
    createdAt: now,
    disabledAt: null,
  };
  await accounts.insertUser(db, user);
  return user;
}

export async function createApiKey(
  db: Queryable,
  clock: Clock,
  merchantId: string,
  livemode: boolean,
  name: string | null,
): Promise<{ key: accounts.ApiKeyRecord; secret: string; publishable: string }> {
  await requireMerchant(db, merchantId);
  const now = clock.now();
  const generated = newApiKey(merchantId, livemode);
  const key: accounts.ApiKeyRecord = {
    merchantId,
    keyId: uuidv7(now.getTime()),
    livemode,
    name,
    last4: generated.last4,
    createdAt: now,
    expiresAt: null,
    revokedAt: null,
  };
  await accounts.insertApiKey(db, key, generated.secretHash);
  // Made beside the mode's first secret key, for the pages that tokenize cards.
  const publishable = await publishableKeyFor(db, clock, merchantId, livemode);
  return { key, secret: generated.secret, publishable: publishable.key };
}

export async function revokeApiKey(db: Queryable, clock: Clock, merchantId: string, keyId: string): Promise<void> {
  if (!(await accounts.endApiKey(db, merchantId, keyId, 'revoked_at', clock.now()))) throw AppError.notFound('api key', keyId);
}

/**
 * Replaces a key: the new key works at once, the old one keeps working for `graceMs` so deployments can
 * switch over without downtime (0 ends it now).
 */
export async function rollApiKey(db: Db, clock: Clock, merchantId: string, keyId: string, graceMs: number) {
  return db.transaction(async (tx) => {
    const old = await accounts.findApiKey(tx, merchantId, keyId);
    if (!old || old.revokedAt) throw AppError.notFound('api key', keyId);
    const rolled = await createApiKey(tx, clock, merchantId, old.livemode, old.name);
    await accounts.endApiKey(tx, merchantId, keyId, 'expires_at', new Date(clock.now().getTime() + graceMs));
    return rolled;
  });
}

async function requireMerchant(db: Queryable, merchantId: string): Promise<void> {
  if (!(await accounts.merchantExists(db, merchantId))) throw AppError.notFound('merchant', merchantId);
}

/**
 * First start on an empty store: one merchant and a test key, so a newcomer can call the API at once.
 * Returns the key's secret (to show once), or null when the store already had a merchant. The advisory
 * lock makes several nodes starting together create one merchant, not several.
 */
export async function bootstrapFirstMerchant(db: Db, clock: Clock): Promise<{ merchantId: string; secret: string } | null> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.payorders_bootstrap'))`);
    if ((await tx.query(`SELECT 1 FROM merchants LIMIT 1`)).length > 0) return null;
    const merchant = await createMerchant(tx, clock, 'My business');
    const { secret } = await createApiKey(tx, clock, merchant.merchantId, false, 'created on first start');
    return { merchantId: merchant.merchantId, secret };
  });
}

export async function renameMerchant(db: Queryable, merchantId: string, name: string): Promise<accounts.MerchantRecord> {
  return (await accounts.renameMerchant(db, merchantId, name)) ?? notFound('merchant', merchantId);
}

export async function renameStore(db: Queryable, merchantId: string, storeId: string, name: string): Promise<accounts.StoreRecord> {
  await requireMerchant(db, merchantId);
  return (await accounts.renameStore(db, merchantId, storeId, name)) ?? notFound('store', storeId);
}

export async function renameBranch(db: Queryable, merchantId: string, branchId: string, name: string): Promise<accounts.BranchRecord> {
  await requireMerchant(db, merchantId);
  return (await accounts.renameBranch(db, merchantId, branchId, name)) ?? notFound('branch', branchId);
}

function notFound(kind: string, id: string): never {
  throw AppError.notFound(kind, id);
}

/** Who a credential is: its merchant, and the API key or user behind it (GET /v1/account). */
export async function describeCaller(db: Queryable, actor: Actor) {
  const merchant = (await accounts.findMerchant(db, actor.merchantId))!;
  if (actor.principal.kind === 'api_key') {
    return { merchant, key: (await accounts.findApiKey(db, actor.merchantId, actor.principal.id))!, user: null };
  }
  return { merchant, key: null, user: (await accounts.findUser(db, actor.merchantId, actor.principal.id))! };
}
