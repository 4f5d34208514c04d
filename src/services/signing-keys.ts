import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';
import type { Db, Queryable } from '../store/db.js';
import * as store from '../store/sessions.sql.js';

/**
 * The keys that sign user access tokens, one set per merchant, in the database: every node on it signs
 * and verifies with the same keys, and no node keeps one of its own.
 */

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** Rotation keeps the old keys verifying this long by default: the longest an access token they signed lives. */
export const MAX_SIGNING_KEY_GRACE_MS = ACCESS_TOKEN_LIFETIME_SECONDS * 1000;

/** The key that signs the merchant's new tokens; the merchant's first sign-in creates it. */
export async function currentSigningKey(db: Queryable, clock: Clock, merchantId: string): Promise<store.SigningKeyRecord> {
  const key = await store.findCurrentSigningKey(db, merchantId);
  if (key) return key;
  // A node that loses the race to create the first key uses the winner's.
  await store.insertNextSigningKey(db, merchantId, randomBytes(32), clock.now());
  return (await store.findCurrentSigningKey(db, merchantId))!;
}

/**
 * A new key signs from now on; the older ones verify the tokens they signed for `graceMs` more (0: they
 * stop now, for a key that leaked). Returns the merchant's keys.
 */
export async function rotateSigningKey(db: Db, clock: Clock, merchantId: string, graceMs: number): Promise<store.SigningKeyRecord[]> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const generation = await store.insertNextSigningKey(tx, merchantId, randomBytes(32), now);
    if (generation === null) throw new AppError('conflict', `Another rotation of the signing key of merchant ${merchantId} ran at the same time; run it again`);
    await store.retireSigningKeys(tx, merchantId, generation, now, new Date(now.getTime() + graceMs));
    return store.listSigningKeys(tx, merchantId);
  });
}
