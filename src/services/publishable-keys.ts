import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import {
  activePublishableKey,
  findPublishableKey,
  insertPublishableKey,
  listPublishableKeys,
  revokePublishableKey,
  type PublishableKey,
} from '../store/cards.sql.js';
import type { Queryable } from '../store/db.js';
import { newPublishableKey, parsePublishableKey } from './credentials.js';

/**
 * The merchant's publishable key for the mode (pk_test_…/pk_live_…), made with its first secret key and
 * kept: pages embed it, so it does not change when a secret key is rolled. Good for POST /v1/tokens only.
 * A merchant replaces it (rollPublishableKey) or revokes it (revokePublishableKeyOf); one that has none
 * active is given a new one the next time it is needed (a checkout page, `keys publishable`).
 */
export async function publishableKeyFor(db: Queryable, clock: Clock, merchantId: string, livemode: boolean): Promise<PublishableKey> {
  return (await activePublishableKey(db, merchantId, livemode)) ?? makePublishableKey(db, clock, merchantId, livemode);
}

async function makePublishableKey(db: Queryable, clock: Clock, merchantId: string, livemode: boolean): Promise<PublishableKey> {
  const now = clock.now();
  const key: PublishableKey = { merchantId, keyId: uuidv7(now.getTime()), livemode, key: newPublishableKey(merchantId, livemode), createdAt: now, revokedAt: null };
  await insertPublishableKey(db, key);
  return key;
}

/** Pages embedding the old key keep tokenizing this long after a roll, unless told otherwise. */
export const DEFAULT_PUBLISHABLE_OVERLAP_MS = 24 * 3_600_000;
export const MAX_PUBLISHABLE_OVERLAP_MS = 7 * 24 * 3_600_000;

/**
 * Replaces the mode's publishable key, in the caller's transaction: the new one works at once and is what
 * pages embed from now; the old one keeps working for `overlapMs` (0: revoked now, it leaked), so pages
 * already served can still tokenize. Rolls of one merchant and mode queue on a lock, so two at once leave
 * one key active, not two.
 */
export async function rollPublishableKey(
  tx: Queryable,
  clock: Clock,
  merchantId: string,
  livemode: boolean,
  overlapMs: number,
): Promise<{ key: PublishableKey; replaced: PublishableKey | null }> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`publishable_keys:${merchantId}:${livemode}`]);
  const old = await activePublishableKey(tx, merchantId, livemode);
  const now = clock.now();
  if (old) await revokePublishableKey(tx, merchantId, old.keyId, new Date(now.getTime() + overlapMs));
  const key = await makePublishableKey(tx, clock, merchantId, livemode);
  return { key, replaced: old && (await findPublishableKey(tx, merchantId, old.key)) };
}

/** Revokes a publishable key now, one still in its overlap after a roll too; the caller's mode's keys only. */
export async function revokePublishableKeyOf(db: Queryable, clock: Clock, merchantId: string, livemode: boolean, key: string): Promise<PublishableKey> {
  const parsed = parsePublishableKey(key);
  const found = parsed?.merchantId === merchantId && parsed.livemode === livemode ? await findPublishableKey(db, merchantId, key) : null;
  if (!found) throw AppError.notFound('publishable key', key);
  const now = clock.now();
  if (!(await revokePublishableKey(db, merchantId, found.keyId, now))) {
    throw new AppError('invalid_state_transition', `This publishable key was revoked at ${found.revokedAt!.toISOString()}`);
  }
  return { ...found, revokedAt: now };
}

export async function publishableKeysOf(db: Queryable, merchantId: string, livemode: boolean): Promise<PublishableKey[]> {
  return (await listPublishableKeys(db, merchantId)).filter((k) => k.livemode === livemode).reverse();
}

/** active; expiring: replaced, still working until revoked_at; revoked. */
export function publishableKeyStatus(key: PublishableKey, now: Date): 'active' | 'expiring' | 'revoked' {
  if (!key.revokedAt) return 'active';
  return key.revokedAt.getTime() > now.getTime() ? 'expiring' : 'revoked';
}

export function publishableKeyView(key: PublishableKey, now: Date) {
  return {
    object: 'publishable_key' as const,
    key: key.key,
    livemode: key.livemode,
    status: publishableKeyStatus(key, now),
    created_at: key.createdAt.toISOString(),
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}
