import type { PaymentSettings } from '../domain/payment-settings.js';
import type { Queryable } from './db.js';

export interface StoredPaymentSettings {
  settings: PaymentSettings;
  updatedAt: Date;
}

/** The merchant's settings for a mode, or null when it has never set any (the defaults apply). */
export async function findPaymentSettings(db: Queryable, merchantId: string, livemode: boolean): Promise<StoredPaymentSettings | null> {
  const rows = await db.query<{ settings: PaymentSettings; updated_at: Date | string }>(
    `SELECT settings, updated_at FROM payment_settings WHERE merchant_id = $1 AND livemode = $2`,
    [merchantId, livemode],
  );
  return rows[0] ? { settings: rows[0].settings, updatedAt: new Date(rows[0].updated_at) } : null;
}

export async function savePaymentSettings(db: Queryable, merchantId: string, livemode: boolean, settings: PaymentSettings, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO payment_settings (merchant_id, livemode, settings, updated_at) VALUES ($1, $2, $3::text::jsonb, $4)
     ON CONFLICT (merchant_id, livemode) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
    [merchantId, livemode, JSON.stringify(settings), at],
  );
}

/** Serializes changes to one merchant's settings: the caller reads, merges and saves under this lock. */
export async function lockPaymentSettings(db: Queryable, merchantId: string, livemode: boolean): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('payment_settings:' || $1::text || ':' || $2::text))`, [merchantId, livemode]);
}
