import { quoteFromJson, quoteJson } from '../domain/fx.js';
import type { Order, PaymentMethod } from '../domain/orders.js';
import type { Instructions, Payment, PaymentStatus } from '../domain/payments.js';
import { batchedPerDb } from './batcher.js';
import { byKeys } from './by-keys.js';
import { claimDueStatement } from './due-claims.js';
import type { Queryable, Statement } from './db.js';
import { isSharedTx } from './group-commit.js';
import { toTransfer, type TransferRow, type UsdtTransfer } from './usdt.sql.js';
import type { TableRow } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';
import { toOrder, type OrderRow } from './orders.sql.js';

/** A payments row as row_to_json gives it (see json-rows.ts). */
export interface PaymentRow {
  merchant_id: string;
  payment_id: string;
  order_id: string;
  livemode: boolean;
  method: PaymentMethod;
  provider: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  quote: ReturnType<typeof quoteJson> | null;
  amount_received: number;
  amount_refunded: number;
  fee: number;
  instructions: Instructions | null;
  provider_reference: string | null;
  provider_metadata: Record<string, unknown>;
  provider_data: Record<string, unknown>;
  failure_code: string | null;
  failure_message: string | null;
  late: boolean;
  store_id: string | null;
  branch_id: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  succeeded_at: string | null;
  next_check_at: string | null;
  check_attempts: number;
}

export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.payment_id,
    merchantId: r.merchant_id,
    livemode: r.livemode,
    orderId: r.order_id,
    storeId: r.store_id,
    branchId: r.branch_id,
    method: r.method,
    provider: r.provider,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    quote: r.quote && quoteFromJson(r.quote),
    amountReceived: r.amount_received,
    amountRefunded: r.amount_refunded,
    fee: r.fee,
    instructions: r.instructions,
    providerReference: r.provider_reference,
    providerMetadata: r.provider_metadata,
    providerData: r.provider_data,
    failureCode: r.failure_code,
    failureMessage: r.failure_message,
    late: r.late,
    expiresAt: toDate(r.expires_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    succeededAt: toDate(r.succeeded_at),
    nextCheckAt: toDate(r.next_check_at),
    checkAttempts: r.check_attempts,
  };
}

/** The columns a payment is written with, in one order for the insert and the update. */
function columns(p: Payment): Record<string, unknown> {
  return {
    merchant_id: p.merchantId,
    payment_id: p.id,
    order_id: p.orderId,
    livemode: p.livemode,
    method: p.method,
    provider: p.provider,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    quote: p.quote && JSON.stringify(quoteJson(p.quote)),
    amount_received: p.amountReceived,
    amount_refunded: p.amountRefunded,
    fee: p.fee,
    instructions: p.instructions && JSON.stringify(p.instructions),
    provider_reference: p.providerReference,
    provider_metadata: JSON.stringify(p.providerMetadata),
    provider_data: JSON.stringify(p.providerData),
    failure_code: p.failureCode,
    failure_message: p.failureMessage,
    late: p.late,
    store_id: p.storeId,
    branch_id: p.branchId,
    expires_at: p.expiresAt?.toISOString() ?? null,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
    succeeded_at: p.succeededAt?.toISOString() ?? null,
    next_check_at: p.nextCheckAt?.toISOString() ?? null,
    check_attempts: p.checkAttempts,
  };
}

/** A new payment's row, for insertStatement (the service inserts it with its events). */
export function paymentRow(payment: Payment): TableRow {
  return { table: 'payments', row: columns(payment) };
}

const MUTABLE = [
  'status',
  'amount_received',
  'amount_refunded',
  'fee',
  'instructions',
  'provider_reference',
  'provider_metadata',
  'provider_data',
  'failure_code',
  'failure_message',
  'late',
  'updated_at',
  'succeeded_at',
  'next_check_at',
  'check_attempts',
] as const;
const JSONB = new Set(['instructions', 'provider_metadata', 'provider_data']);
const SAVE_PAYMENT = `UPDATE payments SET ${MUTABLE.map((c, i) => `${c} = $${i + 3}${JSONB.has(c) ? '::text::jsonb' : ''}`).join(', ')}
WHERE merchant_id = $1 AND payment_id = $2`;

/** The UPDATE that writes the mutable fields of a payment the caller has locked and changed, to run with the change's other writes (writeStatement). */
export function savePaymentStatement(payment: Payment): Statement {
  const row = columns(payment);
  return { text: SAVE_PAYMENT, params: [payment.merchantId, payment.id, ...MUTABLE.map((c) => row[c])] };
}

const LOCKED_WITH_ORDER = `SELECT row_to_json(o) AS order_row, row_to_json(p) AS payment_row
FROM orders o JOIN payments p ON p.merchant_id = o.merchant_id AND p.order_id = o.order_id`;
const LOCK_ORDER_AND_PAYMENT = `${LOCKED_WITH_ORDER}
WHERE o.merchant_id = $1 AND o.order_id = $2 AND p.payment_id = $3
FOR UPDATE OF o, p`;
const LOCK_BY_ID = `${LOCKED_WITH_ORDER}
WHERE p.merchant_id = $1 AND p.payment_id = $2
FOR UPDATE OF o, p`;
const LOCK_BY_REFERENCE = `${LOCKED_WITH_ORDER}
WHERE p.merchant_id = $1 AND p.livemode = $2 AND p.provider = $3 AND p.provider_reference = $4
FOR UPDATE OF o, p`;

/**
 * Locks a payment and its order in one statement, the order's row first (PostgreSQL takes the rows of
 * FOR UPDATE OF in the order listed), as every change of a payment takes them.
 */
export async function lockOrderAndPayment(db: Queryable, merchantId: string, orderId: string, paymentId: string): Promise<{ order: Order; payment: Payment } | null> {
  return lockedWithOrder(db, LOCK_ORDER_AND_PAYMENT, [merchantId, orderId, paymentId]);
}

/** lockOrderAndPayment knowing only the payment's id. */
export async function lockPaymentWithOrder(db: Queryable, merchantId: string, paymentId: string): Promise<{ order: Order; payment: Payment } | null> {
  return lockedWithOrder(db, LOCK_BY_ID, [merchantId, paymentId]);
}

/** lockOrderAndPayment for the payment a provider's notification names by its reference (a txid, a nosso número). */
export async function lockPaymentByReference(db: Queryable, merchantId: string, livemode: boolean, provider: string, reference: string): Promise<{ order: Order; payment: Payment } | null> {
  return lockedWithOrder(db, LOCK_BY_REFERENCE, [merchantId, livemode, provider, reference]);
}

async function lockedWithOrder(db: Queryable, text: string, params: unknown[]): Promise<{ order: Order; payment: Payment } | null> {
  const rows = await db.query<{ order_row: OrderRow; payment_row: PaymentRow }>(text, params);
  return rows[0] ? { order: toOrder(rows[0].order_row), payment: toPayment(rows[0].payment_row) } : null;
}

export async function findPayment(db: Queryable, merchantId: string, paymentId: string, forUpdate = false): Promise<Payment | null> {
  const rows = await queryJsonRows<PaymentRow>(
    db,
    `SELECT ${rowJson('p')} FROM payments p WHERE merchant_id = $1 AND payment_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, paymentId],
  );
  return rows[0] ? toPayment(rows[0]) : null;
}

export interface PaymentKey {
  merchantId: string;
  paymentId: string;
}

const FIND_PAYMENTS = `SELECT ${rowJson('p')} FROM ${byKeys('payments', 'p', [['merchant_id', 'uuid'], ['payment_id', 'uuid']])}`;

/** findPayment outside a transaction, read in one query with the lookups submitted at the same time (see Batcher). */
export const findPaymentShared = batchedPerDb<PaymentKey, Payment | null>(async (db, keys) => {
  const rows = await queryJsonRows<PaymentRow>(db, FIND_PAYMENTS, [`{${keys.map((k) => k.merchantId).join(',')}}`, `{${keys.map((k) => k.paymentId).join(',')}}`]);
  const found = new Map(rows.map((row) => [`${row.merchant_id}/${row.payment_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.merchantId}/${key.paymentId}`);
    return row ? toPayment(row) : null;
  });
});

const ORDERS_WITH_LATEST_PAYMENT = `
SELECT row_to_json(o) AS order_row, row_to_json(p) AS payment_row,
  (SELECT json_agg(t ORDER BY t.block_number, t.transaction_id) FROM usdt_transfers t WHERE t.merchant_id = p.merchant_id AND t.payment_id = p.payment_id) AS transfers
FROM ${byKeys('orders', 'o', [['merchant_id', 'uuid'], ['order_id', 'uuid']])}
LEFT JOIN LATERAL (SELECT * FROM payments p WHERE p.merchant_id = o.merchant_id AND p.payment_id = (o.payment_ids ->> -1)::uuid LIMIT 1) p ON true`;

export interface OrderWithLatestPayment {
  order: Order;
  payment: Payment | null;
  /** The chain transfers to the payment's address (a USDT payment's), oldest first. */
  transfers: UsdtTransfer[];
}

/**
 * An order with its latest payment and that payment's chain transfers, in one query shared with the lookups
 * submitted at the same time (see Batcher): what a client polling an order's payment is answered from.
 */
export const findOrderWithLatestPaymentShared = batchedPerDb<{ merchantId: string; orderId: string }, OrderWithLatestPayment | null>(async (db, keys) => {
  const rows = await db.query<{ order_row: OrderRow; payment_row: PaymentRow | null; transfers: TransferRow[] | null }>(ORDERS_WITH_LATEST_PAYMENT, [
    `{${keys.map((k) => k.merchantId).join(',')}}`,
    `{${keys.map((k) => k.orderId).join(',')}}`,
  ]);
  const found = new Map(rows.map((row) => [`${row.order_row.merchant_id}/${row.order_row.order_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.merchantId}/${key.orderId}`);
    if (!row) return null;
    return { order: toOrder(row.order_row), payment: row.payment_row && toPayment(row.payment_row), transfers: (row.transfers ?? []).map(toTransfer) };
  });
});

/** Whether another payment of the order is still processing (so the order stays processing). */
export async function othersInFlight(db: Queryable, merchantId: string, orderId: string, paymentId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM payments WHERE merchant_id = $1 AND order_id = $2 AND payment_id <> $3 AND status IN ('processing', 'requires_action', 'requires_capture') LIMIT 1`,
    [merchantId, orderId, paymentId],
  );
  return rows.length > 0;
}

export interface PaymentListFilters {
  merchantId: string;
  livemode: boolean;
  storeId: string | null;
  branchId: string | null;
  orderId?: string;
  status?: PaymentStatus[];
  method?: PaymentMethod[];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listPayments(db: Queryable, f: PaymentListFilters, page: Page): Promise<Payment[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('p')} FROM payments p`,
    'payment_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.storeId && ['store_id = ?', f.storeId],
      f.branchId && ['branch_id = ?', f.branchId],
      f.orderId && ['order_id = ?', f.orderId],
      f.status?.length && ['status = ANY(?::text[])', f.status],
      f.method?.length && ['method = ANY(?::text[])', f.method],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<PaymentRow>(db, text, params)).map(toPayment);
}

/** Claims open payments due a reconciliation query (see claimDueStatement); the answer is applied order row first, as every payment change is. */
const CLAIM_DUE = claimDueStatement('payments', 'payment_id', "status IN ('pending', 'processing') AND next_check_at IS NOT NULL AND next_check_at <= $1");

export async function claimDueChecks(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<Payment[]> {
  return (await queryJsonRows<PaymentRow>(db, CLAIM_DUE, [now, leaseUntil, limit])).map(toPayment);
}

/** claimDueChecks for card authorisations that lapsed uncaptured (the expiry job voids and expires them). */
const CLAIM_DUE_AUTHORIZATIONS = claimDueStatement('payments', 'payment_id', "status = 'requires_capture' AND next_check_at IS NOT NULL AND next_check_at <= $1");

export async function claimDueAuthorizations(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<Payment[]> {
  return (await queryJsonRows<PaymentRow>(db, CLAIM_DUE_AUTHORIZATIONS, [now, leaseUntil, limit])).map(toPayment);
}

/**
 * Records that a provider event was applied; false when it already was, so a callback that arrives
 * twice, or a callback and a query that saw the same money, count once.
 */
export async function recordProviderEvent(db: Queryable, payment: Payment, providerEventId: string, at: Date): Promise<boolean> {
  // Shared with other writes, it is inserted with theirs: one seen before fails the group, and this write,
  // run again alone, finds it here.
  if (isSharedTx(db) && db.shared) {
    db.defer([], [providerEventRow(payment, providerEventId, at)]);
    return true;
  }
  const rows = await db.query(
    `INSERT INTO provider_events (merchant_id, livemode, provider, provider_event_id, payment_id, received_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
    [payment.merchantId, payment.livemode, payment.provider, providerEventId, payment.id, at],
  );
  return rows.length === 1;
}

/** The row that records a provider's event as applied to the payment, for a write that inserts it with others. */
export function providerEventRow(payment: Payment, providerEventId: string, at: Date): TableRow {
  return {
    table: 'provider_events',
    row: { merchant_id: payment.merchantId, livemode: payment.livemode, provider: payment.provider, provider_event_id: providerEventId, payment_id: payment.id, received_at: at.toISOString() },
  };
}

/** Moves an open payment's next reconciliation query to `at` (an unverified notification asks for one now). */
export async function scheduleCheck(db: Queryable, merchantId: string, paymentId: string, at: Date): Promise<void> {
  await db.query(`UPDATE payments SET next_check_at = $3 WHERE merchant_id = $1 AND payment_id = $2 AND status IN ('pending', 'processing')`, [
    merchantId,
    paymentId,
    at,
  ]);
}
