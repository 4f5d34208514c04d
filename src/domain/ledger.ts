/**
 * The double-entry rules. Every money movement is a set of postings that sum to zero in its currency;
 * src/store/ledger.sql.ts writes them in the transaction of the state change that caused them. Signs: a
 * negative posting is money leaving the account, a positive one money arriving.
 */
export const LEDGER_ACCOUNTS = [
  'payer_funds', // the rail's clearing: what payers sent (negative: it left them)
  'fees', // what the rail kept
  'merchant_pending', // the merchant's, not yet paid out by the rail
  'merchant_available', // the merchant's, paid out
  'owed_to_payers', // received beyond the amount, or on an order that takes no money: to refund
  'fx_conversion', // carries a payment in another currency into the order's: one posting in each currency
  'fx_spread', // the market value of such a payment beyond what counts toward the order (see fx.ts)
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export interface Posting {
  account: LedgerAccount;
  amount: number;
  /** Set for the payer's leg of a payment in another currency; otherwise the balance transaction's. */
  currency?: string;
}

/** A rail's price: a percentage in basis points plus a fixed part, in minor units. */
export interface FeeSchedule {
  basisPoints: number;
  fixed: number;
}

/**
 * The fee on `received` minor units: fixed + received × bp / 10000, the percentage rounded half up to the
 * minor unit (in BigInt, exactly), never more than what was received.
 */
export function feeFor(schedule: FeeSchedule, received: number): number {
  const percentage = (BigInt(received) * BigInt(schedule.basisPoints) * 2n + 10_000n) / 20_000n;
  return Math.min(received, schedule.fixed + Number(percentage));
}

export interface ConfirmationAmounts {
  received: number;
  counted: number;
  excess: number;
  fee: number;
  /** The rail pays the merchant out at once (Pix), so the money is available rather than pending. */
  availableAtOnce: boolean;
}

/**
 * A confirmed payment: what the payer sent leaves payer_funds; the rail's fee goes to fees; what counts
 * toward the order, less the fee, is the merchant's; the excess is owed back. The fee is charged on all
 * that was received, so a payment owed back entirely leaves the merchant short by its fee.
 */
export function confirmationPostings(a: ConfirmationAmounts): Posting[] {
  if (a.counted + a.excess !== a.received) throw new RangeError('counted and excess must add up to what was received');
  return nonZero([
    { account: 'payer_funds', amount: -a.received },
    { account: 'fees', amount: a.fee },
    { account: a.availableAtOnce ? 'merchant_available' : 'merchant_pending', amount: a.counted - a.fee },
    { account: 'owed_to_payers', amount: a.excess },
  ]);
}

/** The rail paid out `net`: it moves from pending to available. */
export function releasePostings(net: number): Posting[] {
  return nonZero([
    { account: 'merchant_pending', amount: -net },
    { account: 'merchant_available', amount: net },
  ]);
}

export function isBalanced(postings: readonly Posting[]): boolean {
  return postings.reduce((sum, p) => sum + p.amount, 0) === 0;
}

const nonZero = (postings: Posting[]) => postings.filter((p) => p.amount !== 0);
