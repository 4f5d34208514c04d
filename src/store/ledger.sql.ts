import type { Posting } from '../domain/ledger.js';
import type { Queryable } from './db.js';
import { insertStatement, type TableRow } from './inserts.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

/** What one confirmed payment did to the merchant's balance. */
export interface BalanceTransaction {
  id: string;
  merchantId: string;
  livemode: boolean;
  /** A payment's confirmation, or a refund's money going back (negative amount and net). */
  type: 'payment' | 'refund';
  paymentId: string;
  /** Set on a refund's. */
  refundId?: string;
  /** A payment's: the provider's id of the movement it records (each further transfer to a deposit address is one). */
  providerEventId?: string;
  currency: string;
  /** What counts toward the order. */
  amount: number;
  fee: number;
  net: number;
  owedToPayer: number;
  status: 'pending' | 'available';
  availableOn: Date;
  createdAt: Date;
  /** A payment in another currency than its order: what the payer paid and the FX difference (see domain/fx.ts). */
  fx: BalanceFx | null;
}

export interface BalanceFx {
  currency: string;
  amount_received: number;
  fee: number;
  rate_applied: string;
  market_value: number;
  fx_difference: number;
}

interface BalanceTransactionRow {
  merchant_id: string;
  balance_transaction_id: string;
  livemode: boolean;
  type: BalanceTransaction['type'];
  payment_id: string;
  refund_id: string | null;
  currency: string;
  amount: number;
  fee: number;
  net: number;
  owed_to_payer: number;
  status: BalanceTransaction['status'];
  available_on: string;
  created_at: string;
  fx: BalanceFx | null;
}

const toBalanceTransaction = (r: BalanceTransactionRow): BalanceTransaction => ({
  id: r.balance_transaction_id,
  merchantId: r.merchant_id,
  livemode: r.livemode,
  type: r.type,
  paymentId: r.payment_id,
  ...(r.refund_id ? { refundId: r.refund_id } : {}),
  currency: r.currency,
  amount: r.amount,
  fee: r.fee,
  net: r.net,
  owedToPayer: r.owed_to_payer,
  status: r.status,
  availableOn: new Date(r.available_on),
  createdAt: new Date(r.created_at),
  fx: r.fx,
});

/** Ledger entries of a balance transaction, each with an id made by the caller (the SQL makes none). */
export type EntryRows = Array<Posting & { entryId: string }>;

function entryRows(bt: Pick<BalanceTransaction, 'id' | 'merchantId' | 'livemode' | 'currency'>, entries: EntryRows, at: Date): TableRow[] {
  return entries.map((e) => ({
    table: 'ledger_entries',
    row: {
      merchant_id: bt.merchantId,
      entry_id: e.entryId,
      livemode: bt.livemode,
      balance_transaction_id: bt.id,
      account: e.account,
      currency: e.currency ?? bt.currency,
      amount: e.amount,
      created_at: at.toISOString(),
    },
  }));
}

/**
 * A balance transaction's row and its entries', to insert in one statement: all or nothing. A second one
 * for the same payment fails on balance_transactions_by_payment, so a payment is never counted twice.
 */
export function balanceTransactionRows(bt: BalanceTransaction, entries: EntryRows): TableRow[] {
  const row: TableRow = {
    table: 'balance_transactions',
    row: {
      merchant_id: bt.merchantId,
      balance_transaction_id: bt.id,
      livemode: bt.livemode,
      type: bt.type,
      payment_id: bt.paymentId,
      ...(bt.refundId ? { refund_id: bt.refundId } : {}),
      ...(bt.providerEventId ? { provider_event_id: bt.providerEventId } : {}),
      currency: bt.currency,
      amount: bt.amount,
      fee: bt.fee,
      net: bt.net,
      owed_to_payer: bt.owedToPayer,
      status: bt.status,
      available_on: bt.availableOn.toISOString(),
      created_at: bt.createdAt.toISOString(),
      fx: bt.fx && JSON.stringify(bt.fx),
    },
  };
  return [row, ...entryRows(bt, entries, bt.createdAt)];
}

/**
 * Claims up to `limit` pending balance transactions whose money the rail has paid out by `now`, skipping
 * rows other nodes hold, and marks them available; the caller posts their release entries in the same
 * transaction. The UPDATE tests the status again, so each is released once however many nodes run it.
 */
const CLAIM_DUE = `
WITH due AS (
  SELECT merchant_id, balance_transaction_id FROM balance_transactions
  WHERE status = 'pending' AND available_on <= $1
  ORDER BY available_on
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE balance_transactions b SET status = 'available'
FROM due WHERE b.merchant_id = due.merchant_id AND b.balance_transaction_id = due.balance_transaction_id AND b.status = 'pending'
RETURNING ${rowJson('b')}`;

export async function claimDueReleases(db: Queryable, now: Date, limit: number): Promise<BalanceTransaction[]> {
  return (await queryJsonRows<BalanceTransactionRow>(db, CLAIM_DUE, [now, limit])).map(toBalanceTransaction);
}

export async function insertEntries(db: Queryable, rows: Array<{ bt: BalanceTransaction; entries: EntryRows }>, at: Date): Promise<void> {
  const all = rows.flatMap(({ bt, entries }) => entryRows(bt, entries, at));
  if (all.length === 0) return;
  const { text, params } = insertStatement(all);
  await db.query(text, params);
}

export interface Balance {
  currency: string;
  pending: number;
  available: number;
}

/** The merchant's balance per currency: the sums of its pending and available accounts' entries. */
export async function balances(db: Queryable, merchantId: string, livemode: boolean): Promise<Balance[]> {
  const rows = await db.query<{ currency: string; account: string; total: string | number }>(
    `SELECT currency, account, sum(amount)::bigint AS total FROM ledger_entries
     WHERE merchant_id = $1 AND livemode = $2 AND account IN ('merchant_pending', 'merchant_available')
     GROUP BY currency, account ORDER BY currency`,
    [merchantId, livemode],
  );
  const byCurrency = new Map<string, Balance>();
  for (const r of rows) {
    const balance = byCurrency.get(r.currency) ?? { currency: r.currency, pending: 0, available: 0 };
    balance[r.account === 'merchant_pending' ? 'pending' : 'available'] = Number(r.total);
    byCurrency.set(r.currency, balance);
  }
  return [...byCurrency.values()];
}

export interface BalanceTransactionFilters {
  merchantId: string;
  livemode: boolean;
  paymentId?: string;
  status?: BalanceTransaction['status'];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listBalanceTransactions(db: Queryable, f: BalanceTransactionFilters, page: Page): Promise<BalanceTransaction[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('b')} FROM balance_transactions b`,
    'balance_transaction_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.paymentId && ['payment_id = ?', f.paymentId],
      f.status && ['status = ?', f.status],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<BalanceTransactionRow>(db, text, params)).map(toBalanceTransaction);
}

/** Whether the merchant has the balance transaction in the mode (a list's cursor names one). */
export async function balanceTransactionExists(db: Queryable, merchantId: string, livemode: boolean, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM balance_transactions WHERE merchant_id = $1 AND balance_transaction_id = $2 AND livemode = $3', [merchantId, id, livemode]);
  return rows.length > 0;
}

/** What is still owed back to the payer of a payment: its excess, less what its refunds returned of it. */
export async function owedToPayerOf(db: Queryable, merchantId: string, paymentId: string): Promise<number> {
  const rows = await db.query<{ owed: string | number }>(
    'SELECT coalesce(sum(owed_to_payer), 0)::bigint AS owed FROM balance_transactions WHERE merchant_id = $1 AND payment_id = $2',
    [merchantId, paymentId],
  );
  return Number(rows[0]!.owed);
}
