import type { Order } from '../domain/orders.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { toOrder, type OrderRow } from './orders.sql.js';

/** The order a checkout key opens, whoever's it is: the key is the payer's only credential. */
export async function findOrderByCheckoutKey(db: Queryable, key: string, forUpdate = false): Promise<Order | null> {
  const rows = await queryJsonRows<OrderRow>(db, `SELECT ${rowJson('o')} FROM orders o WHERE checkout_key = $1${forUpdate ? ' FOR UPDATE' : ''}`, [key]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/** How a merchant's checkout looks and behaves, per mode (test and live are set apart, like payment settings). */
export interface CheckoutSettings {
  displayName: string | null;
  logo: string | null;
  accentColor: string | null;
  /** CSP frame-ancestors sources; empty: the page may not be framed. */
  frameAncestors: string[];
  allowCancel: boolean;
  /** Payments the checkout may start for one order. */
  maxAttempts: number;
  updatedAt: Date | null;
}

export const DEFAULT_CHECKOUT_SETTINGS: CheckoutSettings = {
  displayName: null,
  logo: null,
  accentColor: null,
  frameAncestors: [],
  allowCancel: true,
  maxAttempts: 5,
  updatedAt: null,
};

interface SettingsRow {
  display_name: string | null;
  logo: string | null;
  accent_color: string | null;
  frame_ancestors: string[];
  allow_cancel: boolean;
  max_attempts: number;
  updated_at: string;
}

/** The merchant's checkout settings and its account name (the name shown when no display name is set). */
export async function findCheckoutSettings(db: Queryable, merchantId: string, livemode: boolean): Promise<{ settings: CheckoutSettings; merchantName: string }> {
  const rows = await db.query<{ name: string; settings: SettingsRow | null }>(
    `SELECT m.name, (SELECT row_to_json(s) FROM checkout_settings s WHERE s.merchant_id = m.merchant_id AND s.livemode = $2) AS settings
     FROM merchants m WHERE m.merchant_id = $1`,
    [merchantId, livemode],
  );
  const row = rows[0];
  const s = row?.settings;
  const settings: CheckoutSettings = s
    ? {
        displayName: s.display_name,
        logo: s.logo,
        accentColor: s.accent_color,
        frameAncestors: s.frame_ancestors,
        allowCancel: s.allow_cancel,
        maxAttempts: s.max_attempts,
        updatedAt: new Date(s.updated_at),
      }
    : DEFAULT_CHECKOUT_SETTINGS;
  return { settings, merchantName: row?.name ?? '' };
}

export async function saveCheckoutSettings(db: Queryable, merchantId: string, livemode: boolean, s: CheckoutSettings, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO checkout_settings (merchant_id, livemode, display_name, logo, accent_color, frame_ancestors, allow_cancel, max_attempts, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)
     ON CONFLICT (merchant_id, livemode) DO UPDATE SET display_name = EXCLUDED.display_name, logo = EXCLUDED.logo,
       accent_color = EXCLUDED.accent_color, frame_ancestors = EXCLUDED.frame_ancestors, allow_cancel = EXCLUDED.allow_cancel,
       max_attempts = EXCLUDED.max_attempts, updated_at = EXCLUDED.updated_at`,
    [merchantId, livemode, s.displayName, s.logo, s.accentColor, JSON.stringify(s.frameAncestors), s.allowCancel, s.maxAttempts, at],
  );
}

/** Serializes changes to one merchant's checkout settings (read, merge, save under it). */
export async function lockCheckoutSettings(db: Queryable, merchantId: string, livemode: boolean): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('checkout_settings:' || $1::text || ':' || $2::text))`, [merchantId, livemode]);
}
