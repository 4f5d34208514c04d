import type { Order } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import { batchedPerDb } from './batcher.js';
import type { Queryable } from './db.js';
import { toOrder, type OrderRow } from './orders.sql.js';
import { toPayment, type PaymentRow } from './payments.sql.js';

/** Everything a checkout page shows of its order, read by the page's key in one statement. */
export interface CheckoutRecord {
  order: Order;
  merchantName: string;
  settings: CheckoutSettings;
  /** The order's payments, newest first (at most CHECKOUT_PAYMENTS). */
  payments: Payment[];
  /** What the Paybyrd face kept of the order; null for an order made elsewhere. */
  paybyrd: Record<string, unknown> | null;
  /** A Glomopay order's secret key, sealed, which signs its checkout result; null for other orders. */
  glomopaySealedKey: string | null;
  /** The merchant's active publishable key for the order's mode, if it has one yet. */
  publishableKey: string | null;
}

/** More payments than any checkout's max_attempts lets it start. */
const CHECKOUT_PAYMENTS = 100;

/**
 * Each wanted key's order through the unique index on checkout_key, and beside it what its page needs, as
 * one JSON value per row (one parse in Node): whatever plan PostgreSQL keeps, each key is an index lookup
 * (see byKeys for why LATERAL).
 */
const CHECKOUTS_BY_KEYS = `
SELECT json_build_object(
  'key', wanted.checkout_key,
  'order', row_to_json(o),
  'merchant_name', m.name,
  'settings', (SELECT row_to_json(s) FROM checkout_settings s WHERE s.merchant_id = o.merchant_id AND s.livemode = o.livemode),
  'paybyrd', (SELECT f.attributes FROM face_orders f WHERE f.merchant_id = o.merchant_id AND f.order_id = o.order_id AND f.face = 'paybyrd'),
  'glomopay_sealed_key', (SELECT f.attributes->>'sealed_key' FROM face_orders f WHERE f.merchant_id = o.merchant_id AND f.order_id = o.order_id AND f.face = 'glomopay'),
  'publishable_key', (SELECT k.key FROM publishable_keys k WHERE k.merchant_id = o.merchant_id AND k.livemode = o.livemode AND k.revoked_at IS NULL
    ORDER BY k.key_id DESC LIMIT 1),
  'payments', (SELECT coalesce(json_agg(row_to_json(p) ORDER BY p.payment_id DESC), '[]'::json) FROM (
    SELECT * FROM payments p WHERE p.merchant_id = o.merchant_id AND p.order_id = o.order_id ORDER BY p.payment_id DESC LIMIT ${CHECKOUT_PAYMENTS}) p)
) AS row
FROM unnest($1::text[]) AS wanted (checkout_key)
CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.checkout_key = wanted.checkout_key LIMIT 1) o
JOIN merchants m ON m.merchant_id = o.merchant_id`;

interface CheckoutRow {
  key: string;
  order: OrderRow;
  merchant_name: string;
  settings: SettingsRow | null;
  paybyrd: Record<string, unknown> | null;
  glomopay_sealed_key: string | null;
  publishable_key: string | null;
  payments: PaymentRow[];
}

/**
 * The checkout a key opens, whoever's order it is (the key is the payer's only credential), or null: read
 * with the other pages asked for at the same time in one statement (see Batcher), so a page view costs a
 * share of one round trip, as GET /v1/orders/{id} does. The keys travel as an array literal's quoted
 * elements.
 */
export const findCheckoutByKey = batchedPerDb<string, CheckoutRecord | null>(async (db, keys) => {
  const rows = await db.query<{ row: CheckoutRow }>(CHECKOUTS_BY_KEYS, [`{${keys.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`]);
  const found = new Map(rows.map(({ row }) => [row.key, row]));
  return keys.map((key) => {
    const r = found.get(key);
    if (!r) return null;
    return {
      order: toOrder(r.order),
      merchantName: r.merchant_name,
      settings: settingsOf(r.settings),
      payments: r.payments.map(toPayment),
      paybyrd: r.paybyrd,
      glomopaySealedKey: r.glomopay_sealed_key,
      publishableKey: r.publishable_key,
    };
  });
});

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
  return { settings: settingsOf(row?.settings ?? null), merchantName: row?.name ?? '' };
}

function settingsOf(s: SettingsRow | null): CheckoutSettings {
  if (!s) return DEFAULT_CHECKOUT_SETTINGS;
  return {
    displayName: s.display_name,
    logo: s.logo,
    accentColor: s.accent_color,
    frameAncestors: s.frame_ancestors,
    allowCancel: s.allow_cancel,
    maxAttempts: s.max_attempts,
    updatedAt: new Date(s.updated_at),
  };
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
