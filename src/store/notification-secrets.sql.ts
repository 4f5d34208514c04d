import { randomBytes } from 'node:crypto';
import type { Queryable } from './db.js';

/**
 * The HMAC secret that signs a provider's notifications for a merchant and mode, made on first use: a fresh
 * install needs no configuration, and every node on one database verifies with the same secret. Concurrent
 * first uses agree on the winner's row: the losing insert waits for it and does nothing, but its statement's
 * snapshot predates the winner's commit, so the row is read again by a statement of its own.
 */
export async function notificationSecret(db: Queryable, merchantId: string, livemode: boolean, provider: string, now: Date): Promise<Buffer> {
  const rows = await db.query<{ secret: Uint8Array }>(
    `WITH made AS (
       INSERT INTO notification_secrets (merchant_id, livemode, provider, secret, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING secret
     )
     SELECT secret FROM made
     UNION ALL
     SELECT secret FROM notification_secrets WHERE merchant_id = $1 AND livemode = $2 AND provider = $3`,
    [merchantId, livemode, provider, randomBytes(32), now],
  );
  const secret = rows[0]?.secret ?? (await db.query<{ secret: Uint8Array }>(
    `SELECT secret FROM notification_secrets WHERE merchant_id = $1 AND livemode = $2 AND provider = $3`,
    [merchantId, livemode, provider],
  ))[0]!.secret;
  return Buffer.from(secret);
}

/** The secret, if one was ever made: verifying never makes one, so a stranger naming any merchant writes nothing. */
export async function findNotificationSecret(db: Queryable, merchantId: string, livemode: boolean, provider: string): Promise<Buffer | null> {
  const rows = await db.query<{ secret: Uint8Array }>(
    `SELECT secret FROM notification_secrets WHERE merchant_id = $1 AND livemode = $2 AND provider = $3`,
    [merchantId, livemode, provider],
  );
  return rows[0] ? Buffer.from(rows[0].secret) : null;
}
