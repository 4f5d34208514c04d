import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';
import * as accounts from '../store/accounts.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { revokeUserSessions } from '../store/sessions.sql.js';

/**
 * Disables a user: sign-in is refused and every session is revoked, so its access tokens stop working
 * (on each node once its 10 s cache passes) and its refresh tokens are refused.
 */
export async function disableUser(db: Db, clock: Clock, merchantId: string, userId: string) {
  return db.transaction(async (tx) => {
    const now = clock.now();
    await setDisabled(tx, merchantId, userId, now);
    const revokedSessions = await revokeUserSessions(tx, merchantId, userId, now, 'user_disabled');
    return { user: (await accounts.findUser(tx, merchantId, userId))!, revokedSessions };
  });
}

/** Lets a disabled user sign in again; the sessions revoked by disabling stay revoked. */
export async function enableUser(db: Db, merchantId: string, userId: string): Promise<accounts.UserRecord> {
  await setDisabled(db, merchantId, userId, null);
  return (await accounts.findUser(db, merchantId, userId))!;
}

async function setDisabled(db: Queryable, merchantId: string, userId: string, at: Date | null): Promise<void> {
  if (await accounts.setUserDisabledAt(db, merchantId, userId, at)) return;
  const user = await accounts.findUser(db, merchantId, userId);
  if (!user) throw AppError.notFound('user', userId);
  throw new AppError('conflict', `User ${userId} is already ${at ? 'disabled' : 'enabled'}`);
}
