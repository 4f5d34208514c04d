import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';
import type { PaymentMethod } from '../domain/orders.js';
import {
  defaultPaymentSettings,
  MAX_MONITORING_WINDOW_HOURS,
  MAX_TOLERANCE_BASIS_POINTS,
  SANDBOX_PROVIDER,
  type PaymentSettings,
  type RailAccount,
} from '../domain/payment-settings.js';
import { MAX_SPREAD_BASIS_POINTS } from '../domain/fx.js';
import { MAX_AMOUNT } from '../domain/money.js';
import type { RailRegistry } from '../rails/registry.js';
import type { Queryable } from '../store/db.js';
import { findPaymentSettings, lockPaymentSettings, savePaymentSettings } from '../store/payment-settings.sql.js';

export interface LoadedSettings {
  settings: PaymentSettings;
  /** Null until the merchant first sets something: the defaults apply. */
  updatedAt: Date | null;
}

export async function loadPaymentSettings(db: Queryable, rails: RailRegistry, merchantId: string, livemode: boolean): Promise<LoadedSettings> {
  const stored = await findPaymentSettings(db, merchantId, livemode);
  return stored ?? { settings: defaultPaymentSettings(livemode, rails.sandboxAccounts(merchantId)), updatedAt: null };
}

/**
 * The settings payments are started and confirmed with: every payment reads them and they change rarely,
 * so each node reads them from the database at most once a second per merchant and mode. A change made
 * on this node applies at once (updatePaymentSettings drops the entry); one made on another node within
 * RECENT_SETTINGS_MS. Reads that must see the latest (the settings API, a change's merge) use loadPaymentSettings.
 */
export async function recentPaymentSettings(db: Queryable, rails: RailRegistry, merchantId: string, livemode: boolean): Promise<PaymentSettings> {
  const key = `${merchantId}:${livemode}`;
  const recent = recentSettings.get(key);
  if (recent && recent.until > performance.now()) return recent.settings;
  // One read per entry, however many requests find it stale at once: each would otherwise read and derive
  // the sandbox accounts (an xpub derivation, ~10 ms) itself, every second, under load.
  const settings = loadPaymentSettings(db, rails, merchantId, livemode).then((loaded) => loaded.settings);
  if (recentSettings.size >= MAX_RECENT_SETTINGS) recentSettings.clear();
  const entry = { settings, until: performance.now() + RECENT_SETTINGS_MS };
  recentSettings.set(key, entry);
  settings.catch(() => recentSettings.get(key) === entry && recentSettings.delete(key));
  return settings;
}

const RECENT_SETTINGS_MS = 1000;
const MAX_RECENT_SETTINGS = 10_000;
const recentSettings = new Map<string, { settings: Promise<PaymentSettings>; until: number }>();

/** The canonical (/v1) shape: one key per rail (null: not set up), then the rules for short and late money. */
export function paymentSettingsView(rails: RailRegistry, livemode: boolean, loaded: LoadedSettings) {
  const { settings } = loaded;
  return {
    object: 'payment_settings' as const,
    livemode,
    ...Object.fromEntries(rails.all.map((rail) => [rail.method, settings.accounts[rail.method] ?? null])),
    underpayment_tolerance: { amount: settings.toleranceAmount, basis_points: settings.toleranceBasisPoints },
    monitoring_window_hours: settings.monitoringWindowHours,
    fx_spread_basis_points: settings.fxSpreadBasisPoints ?? 0,
    updated_at: loaded.updatedAt?.toISOString() ?? null,
  };
}

/** The settings request: each rail's account by its method (null turns the rail off), the rules; all optional. */
export type PaymentSettingsInput = Partial<Record<PaymentMethod, (Record<string, unknown> & { provider?: string }) | null>> & {
  underpayment_tolerance?: { amount?: number; basis_points?: number };
  monitoring_window_hours?: number;
  fx_spread_basis_points?: number;
};

/** Merges what was sent into the merchant's settings: a rail named is replaced whole (or removed by null). */
export async function updatePaymentSettings(
  tx: Queryable,
  clock: Clock,
  rails: RailRegistry,
  merchantId: string,
  livemode: boolean,
  input: PaymentSettingsInput,
): Promise<LoadedSettings> {
  await lockPaymentSettings(tx, merchantId, livemode);
  const { settings } = await loadPaymentSettings(tx, rails, merchantId, livemode);
  const accounts = { ...settings.accounts };
  for (const rail of rails.all) {
    const sent = input[rail.method];
    if (sent === undefined) continue;
    if (sent === null) delete accounts[rail.method];
    else accounts[rail.method] = rail.checkAccount({ ...sent, provider: checkProvider(rails, rail.method, sent.provider, livemode) } as RailAccount, livemode);
  }
  const next: PaymentSettings = {
    accounts,
    toleranceAmount: bounded('/underpayment_tolerance/amount', input.underpayment_tolerance?.amount ?? settings.toleranceAmount, MAX_AMOUNT),
    toleranceBasisPoints: bounded('/underpayment_tolerance/basis_points', input.underpayment_tolerance?.basis_points ?? settings.toleranceBasisPoints, MAX_TOLERANCE_BASIS_POINTS),
    monitoringWindowHours: bounded('/monitoring_window_hours', input.monitoring_window_hours ?? settings.monitoringWindowHours, MAX_MONITORING_WINDOW_HOURS),
    fxSpreadBasisPoints: bounded('/fx_spread_basis_points', input.fx_spread_basis_points ?? settings.fxSpreadBasisPoints ?? 0, MAX_SPREAD_BASIS_POINTS),
  };
  const now = clock.now();
  await savePaymentSettings(tx, merchantId, livemode, next, now);
  recentSettings.delete(`${merchantId}:${livemode}`);
  return { settings: next, updatedAt: now };
}

/**
 * The provider a rail's account goes through: the one named, or by default the sandbox in test mode and
 * the rail's only live provider in live mode. Live mode never takes the sandbox: it moves no money.
 */
function checkProvider(rails: RailRegistry, method: PaymentMethod, named: string | undefined, livemode: boolean): string {
  const path = `/${method}/provider`;
  const live = rails.rail(method)!.connectors.filter((c) => c.live);
  if (named === undefined) {
    if (!livemode) return SANDBOX_PROVIDER;
    if (live.length === 1) return live[0]!.provider;
    throw AppError.invalidField(path, 'required', live.length ? `must name one of ${live.map((c) => c.provider).join(', ')}` : 'has no live provider configured on this installation');
  }
  const connector = rails.connector(method, named);
  if (!connector) throw AppError.invalidField(path, 'unknown_provider', `is not a ${method} provider of this installation`);
  if (livemode && !connector.live) throw AppError.invalidField(path, 'not_live', `${named} cannot take live payments`);
  return named;
}

function bounded(path: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw AppError.invalidField(path, 'out_of_range', `must be an integer from 0 to ${max}`);
  return value;
}
