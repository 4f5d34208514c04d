import type { PaymentMethod } from '../domain/orders.js';
import { RESERVING_REFUND_STATUSES, type Refund, type RefundStatus } from '../domain/refunds.js';
import type { Queryable, Statement } from './db.js';
import { claimDueStatement } from './due-claims.js';
import type { TableRow } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

/** A refunds row as row_to_json gives it (see json-rows.ts). */
interface RefundRow {
  merchant_id: string;
  refund_id: string;
  livemode: boolean;
  payment_id: string;
  order_id: string;
  store_id: string | null;
  branch_id: string | null;
  method: PaymentMethod;
  provider: string;
  status: RefundStatus;
  amount: number;
  currency: string;
  order_amount: number | null;
  reason: string | null;
  metadata: Record<string, string>;
  destination: Record<string, unknown> | null;
  reference: string;
  transaction_hash: string | null;
  next_action: Record<string, unknown> | null;
  provider_metadata: Record<string, unknown>;
  provider_data: Record<string, unknown>;
  failure_code: string | null;
  failure_message: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  succeeded_at: string | null;
  next_check_at: string | null;
  check_attempts: number;
}

const toRefund = (r: RefundRow): Refund => ({
  id: r.refund_id,
  merchantId: r.merchant_id,
  livemode: r.livemode,
  paymentId: r.payment_id,
  orderId: r.order_id,
  storeId: r.store_id,
  branchId: r.branch_id,
  method: r.method,
  provider: r.provider,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  orderAmount: r.order_amount,
  reason: r.reason,
  metadata: r.metadata,
  destination: r.destination,
  reference: r.reference,
  transactionHash: r.transaction_hash,
  nextAction: r.next_action,
  providerMetadata: r.provider_metadata,
  providerData: r.provider_data,
  failureCode: r.failure_code,
  failureMessage: r.failure_message,
  idempotencyKey: r.idempotency_key,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  succeededAt: toDate(r.succeeded_at),
  nextCheckAt: toDate(r.next_check_at),
  checkAttempts: r.check_attempts,
});

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

function columns(r: Refund): Record<string, unknown> {
  return {
    merchant_id: r.merchantId,
    refund_id: r.id,
    livemode: r.livemode,
    payment_id: r.paymentId,
    order_id: r.orderId,
    store_id: r.storeId,
    branch_id: r.branchId,
    method: r.method,
    provider: r.provider,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    order_amount: r.orderAmount,
    reason: r.reason,
    metadata: JSON.stringify(r.metadata),
    destination: json(r.destination),
    reference: r.reference,
    transaction_hash: r.transactionHash,
    next_action: json(r.nextAction),
    provider_metadata: JSON.stringify(r.providerMetadata),
    provider_data: JSON.stringify(r.providerData),
    failure_code: r.failureCode,
    failure_message: r.failureMessage,
    idempotency_key: r.idempotencyKey,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    succeeded_at: r.succeededAt?.toISOString() ?? null,
    next_check_at: r.nextCheckAt?.toISOString() ?? null,
    check_attempts: r.checkAttempts,
  };
}

export function refundRow(refund: Refund): TableRow {
  return { table: 'refunds', row: columns(refund) };
}

const MUTABLE = [
  'status',
  'order_amount',
  'transaction_hash',
  'next_action',
  'provider_metadata',
  'provider_data',
  'failure_code',
  'failure_message',
  'updated_at',
  'succeeded_at',
  'next_check_at',
  'check_attempts',
] as const;
const JSONB = new Set(['next_action', 'provider_metadata', 'provider_data']);
const SAVE_REFUND = `UPDATE refunds SET ${MUTABLE.map((c, i) => `${c} = $${i + 3}${JSONB.has(c) ? '::text::jsonb' : ''}`).join(', ')}
WHERE merchant_id = $1 AND refund_id = $2`;

/** The UPDATE of a refund the caller has locked (with its payment's order) and changed, to run with the change's other writes. */
export function saveRefundStatement(refund: Refund): Statement {
  const row = columns(refund);
  return { text: SAVE_REFUND, params: [refund.merchantId, refund.id, ...MUTABLE.map((c) => row[c])] };
}

export async function findRefund(db: Queryable, merchantId: string, refundId: string): Promise<Refund | null> {
  const rows = await queryJsonRows<RefundRow>(db, `SELECT ${rowJson('r')} FROM refunds r WHERE merchant_id = $1 AND refund_id = $2`, [merchantId, refundId]);
  return rows[0] ? toRefund(rows[0]) : null;
}

export async function findRefundByIdempotencyKey(db: Queryable, merchantId: string, livemode: boolean, key: string): Promise<Refund | null> {
  const rows = await queryJsonRows<RefundRow>(db, `SELECT ${rowJson('r')} FROM refunds r WHERE merchant_id = $1 AND livemode = $2 AND idempotency_key = $3`, [
    merchantId,
    livemode,
    key,
  ]);
  return rows[0] ? toRefund(rows[0]) : null;
}

/**
 * What a payment's refunds hold (pending, requires_action, succeeded); read under the payment's order lock,
 * which every refund of the payment takes first, so it cannot change meanwhile.
 */
export async function reservedByRefunds(db: Queryable, merchantId: string, paymentId: string): Promise<number> {
  const rows = await db.query<{ reserved: string | number }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS reserved FROM refunds WHERE merchant_id = $1 AND payment_id = $2 AND status = ANY($3::text[])`,
    [merchantId, paymentId, RESERVING_REFUND_STATUSES],
  );
  return Number(rows[0]!.reserved);
}

/** The refund, read again after the caller locked its payment's order: its state as the lock holder sees it. */
export async function lockRefund(db: Queryable, merchantId: string, refundId: string): Promise<Refund | null> {
  const rows = await queryJsonRows<RefundRow>(db, `SELECT ${rowJson('r')} FROM refunds r WHERE merchant_id = $1 AND refund_id = $2 FOR UPDATE`, [merchantId, refundId]);
  return rows[0] ? toRefund(rows[0]) : null;
}

export interface RefundListFilters {
  merchantId: string;
  livemode: boolean;
  storeId: string | null;
  branchId: string | null;
  paymentId?: string;
  orderId?: string;
  status?: RefundStatus[];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listRefunds(db: Queryable, f: RefundListFilters, page: Page): Promise<Refund[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('r')} FROM refunds r`,
    'refund_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.storeId && ['store_id = ?', f.storeId],
      f.branchId && ['branch_id = ?', f.branchId],
      f.paymentId && ['payment_id = ?', f.paymentId],
      f.orderId && ['order_id = ?', f.orderId],
      f.status?.length && ['status = ANY(?::text[])', f.status],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<RefundRow>(db, text, params)).map(toRefund);
}

/** Asks the reconciliation job to query a pending refund at `at` (a provider's callback named it). */
export async function scheduleRefundCheck(db: Queryable, r: { merchantId: string; livemode: boolean; provider: string; reference: string }, at: Date): Promise<void> {
  await db.query(`UPDATE refunds SET next_check_at = $5 WHERE merchant_id = $1 AND livemode = $2 AND provider = $3 AND reference = $4 AND status = 'pending'`, [
    r.merchantId,
    r.livemode,
    r.provider,
    r.reference,
    at,
  ]);
}

/** Claims refunds due a reconciliation query (see claimDueStatement), as payments are. */
const CLAIM_DUE = claimDueStatement('refunds', 'refund_id', "status IN ('pending', 'requires_action') AND next_check_at IS NOT NULL AND next_check_at <= $1");

export async function claimDueRefundChecks(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<Refund[]> {
  return (await queryJsonRows<RefundRow>(db, CLAIM_DUE, [now, leaseUntil, limit])).map(toRefund);
}

export interface SandboxRefund {
  merchantId: string;
  method: string;
  reference: string;
  charge: string;
  amount: number;
  transferId: string;
  createdAt: Date;
}

/** Records a refund at the sandbox provider once: asked again with the same reference, it answers the first. */
export async function upsertSandboxRefund(db: Queryable, r: SandboxRefund): Promise<SandboxRefund> {
  await db.query(
    `INSERT INTO sandbox_refunds (merchant_id, method, reference, charge, amount, transfer_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [r.merchantId, r.method, r.reference, r.charge, r.amount, r.transferId, r.createdAt],
  );
  return (await findSandboxRefund(db, r.merchantId, r.method, r.reference))!;
}

export async function findSandboxRefund(db: Queryable, merchantId: string, method: string, reference: string): Promise<SandboxRefund | null> {
  const rows = await db.query<{ charge: string; amount: string | number; transfer_id: string; created_at: Date | string }>(
    'SELECT charge, amount, transfer_id, created_at FROM sandbox_refunds WHERE merchant_id = $1 AND method = $2 AND reference = $3',
    [merchantId, method, reference],
  );
  const row = rows[0];
  return row ? { merchantId, method, reference, charge: row.charge, amount: Number(row.amount), transferId: row.transfer_id, createdAt: new Date(row.created_at) } : null;
}

/** Pending refunds of `provider` sent in one of these transactions (the chain watcher's page of events). */
export async function pendingRefundsInTransactions(db: Queryable, provider: string, hashes: string[]): Promise<Refund[]> {
  if (hashes.length === 0) return [];
  const rows = await queryJsonRows<RefundRow>(
    db,
    `SELECT ${rowJson('r')} FROM refunds r WHERE provider = $1 AND transaction_hash = ANY($2::text[]) AND status = 'pending'`,
    [provider, hashes],
  );
  return rows.map(toRefund);
}

/** Notes the block a pending refund's transfer was seen in, for the confirmation stage. */
export async function noteRefundTransferSeen(db: Queryable, refund: Refund, seen: { block_number: number; event_index: number }): Promise<void> {
  // Only if its transaction is still the one seen: the merchant may have put a mistyped one right meanwhile.
  await db.query(
    `UPDATE refunds SET provider_data = provider_data || $3::text::jsonb WHERE merchant_id = $1 AND refund_id = $2 AND status = 'pending' AND transaction_hash = $4`,
    [refund.merchantId, refund.id, JSON.stringify(seen), refund.transactionHash],
  );
}

/** Pending refunds of `provider` whose transfer was seen in a block at or below `maxBlock`: confirmed enough. */
export async function confirmedRefundTransfers(db: Queryable, provider: string, maxBlock: number): Promise<Refund[]> {
  const rows = await queryJsonRows<RefundRow>(
    db,
    `SELECT ${rowJson('r')} FROM refunds r
     WHERE provider = $1 AND status = 'pending' AND transaction_hash IS NOT NULL AND (provider_data->>'block_number')::bigint <= $2`,
    [provider, maxBlock],
  );
  return rows.map(toRefund);
}
