import type { MoneyRules } from './order-money.js';
import type { PaymentMethod } from './orders.js';

/**
 * A merchant's account on one rail, as its settings show it: the provider it goes through and the rail's own
 * fields (a Pix key and the name and city a BR Code carries; a boleto's bank agreement). Each rail checks
 * its fields (src/rails/<rail>/account.ts), so a new rail adds its fields without changing this type.
 */
export type RailAccount = { provider: string } & Record<string, unknown>;

/** Per merchant and mode: the rails set up (a method absent is not set up) and the rules for short or late money. */
export interface PaymentSettings {
  accounts: Partial<Record<PaymentMethod, RailAccount>>;
  toleranceAmount: number;
  toleranceBasisPoints: number;
  monitoringWindowHours: number;
  /** Added to FX rates when a payment is in another currency than its order (see fx.ts); settings saved before it have none: 0. */
  fxSpreadBasisPoints?: number;
}

export const DEFAULT_MONITORING_WINDOW_HOURS = 24;
export const MAX_MONITORING_WINDOW_HOURS = 30 * 24;
export const MAX_TOLERANCE_BASIS_POINTS = 10_000;

/** Needs no account anywhere: answers from its own records and notifies through the signed hook like a PSP. */
export const SANDBOX_PROVIDER = 'sandbox';

/**
 * What a merchant has before setting anything: in test mode every rail on its sandbox account, so a fresh
 * start takes a Pix or boleto payment at once; in live mode no rail until the merchant sets one up. No
 * tolerance, and a day's monitoring window.
 */
export function defaultPaymentSettings(livemode: boolean, sandboxAccounts: Partial<Record<PaymentMethod, RailAccount>>): PaymentSettings {
  return {
    accounts: livemode ? {} : sandboxAccounts,
    toleranceAmount: 0,
    toleranceBasisPoints: 0,
    monitoringWindowHours: DEFAULT_MONITORING_WINDOW_HOURS,
    fxSpreadBasisPoints: 0,
  };
}

export function moneyRules(settings: PaymentSettings): MoneyRules {
  return {
    toleranceAmount: settings.toleranceAmount,
    toleranceBasisPoints: settings.toleranceBasisPoints,
    monitoringWindowMs: settings.monitoringWindowHours * 3_600_000,
  };
}
