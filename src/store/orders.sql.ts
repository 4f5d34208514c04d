import { byKeys } from './by-keys.js';
import type { CancellationReason, LineItem, Order, PaymentMethod } from '../domain/orders.js';
import type { OrderStatus } from '../domain/order-status.js';
import { SWEPT_ON_EXPIRY } from '../domain/order-status.js';
import { batchedPerDb } from './batcher.js';
import type { Queryable, Statement } from './db.js';
import type { TableRow } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

/** An orders row as row_to_json gives it (see json-rows.ts). */
export interface OrderRow {
  merchant_id: string;
  order_id: string;
  livemode: boolean;
  status: OrderStatus;
  amount: number;
  currency: string;
  amount_paid: number;
  amount_overpaid: number;
  amount_refunded: number;
  customer_id: string | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  line_items: LineItem[];
  payment_methods: PaymentMethod[] | null;
  locale: string | null;
  redirect_url: string | null;
  store_id: string | null;
  branch_id: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  canceled_at: string | null;
  cancellation_reason: CancellationReason | null;
  expired_at: string | null;
  payment_ids: string[];
  checkout_key: string;
}

export function toOrder(row: OrderRow): Order {
  return {
    id: row.order_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    amountPaid: row.amount_paid,
    amountOverpaid: row.amount_overpaid,
    amountRefunded: row.amount_refunded,
    customerId: row.customer_id,
    reference: row.reference,
    description: row.description,
    metadata: row.metadata,
    lineItems: row.line_items,
    paymentMethods: row.payment_methods,
    locale: row.locale,
    redirectUrl: row.redirect_url,
    storeId: row.store_id,
    branchId: row.branch_id,
    expiresAt: toDate(row.expires_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    canceledAt: toDate(row.canceled_at),
    cancellationReason: row.cancellation_reason,
    expiredAt: toDate(row.expired_at),
    paymentIds: row.payment_ids,
    checkoutKey: row.checkout_key,
  };
}

/** A new order's row, for insertRows / insertStatement. */
export function orderRow(order: Order): TableRow {
  return {
    table: 'orders',
    row: {
      merchant_id: order.merchantId,
      order_id: order.id,
      livemode: order.livemode,
      status: order.status,
      amount: order.amount,
      currency: order.currency,
      customer_id: order.customerId,
      reference: order.reference,
      description: order.description,
      metadata: JSON.stringify(order.metadata),
      line_items: JSON.stringify(order.lineItems),
      payment_methods: order.paymentMethods && JSON.stringify(order.paymentMethods),
      locale: order.locale,
      redirect_url: order.redirectUrl,
      store_id: order.storeId,
      branch_id: order.branchId,
      expires_at: order.expiresAt?.toISOString() ?? null,
      created_at: order.createdAt.toISOString(),
      updated_at: order.updatedAt.toISOString(),
      checkout_key: order.checkoutKey,
    },
  };
}

/** orderRow with what a change may have set since it was planned (its first payment, say): an order written as it is. */
export function orderRowAsItIs(order: Order): TableRow {
  const { table, row } = orderRow(order);
  return {
    table,
    row: {
      ...row,
      amount_paid: order.amountPaid,
      amount_refunded: order.amountRefunded,
      amount_overpaid: order.amountOverpaid,
      canceled_at: order.canceledAt?.toISOString() ?? null,
      cancellation_reason: order.cancellationReason,
      expired_at: order.expiredAt?.toISOString() ?? null,
      payment_ids: JSON.stringify(order.paymentIds),
    },
  };
}

export async function findOrder(db: Queryable, merchantId: string, orderId: string, forUpdate = false): Promise<Order | null> {
  const rows = await queryJsonRows<OrderRow>(
    db,
    `SELECT ${rowJson('o')} FROM orders o WHERE merchant_id = $1 AND order_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, orderId],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

export interface OrderKey {
  merchantId: string;
  orderId: string;
}

const FIND_ORDERS = `
SELECT ${rowJson('o')}
FROM ${byKeys('orders', 'o', [['merchant_id', 'uuid'], ['order_id', 'uuid']])}`;

/** An array parameter of uuids, spelled as PostgreSQL's array literal so both drivers send it as is. */
const uuidArray = (uuids: string[]) => `{${uuids.join(',')}}`;

/**
 * One order by key, or null, read in one query with the lookups submitted at the same time (see
 * Batcher): what GET /v1/orders/:id uses, so a busy service pays one round trip for many reads.
 */
export const findOrderShared = batchedPerDb<OrderKey, Order | null>(async (db, keys) => {
  const rows = await queryJsonRows<OrderRow>(db, FIND_ORDERS, [uuidArray(keys.map((k) => k.merchantId)), uuidArray(keys.map((k) => k.orderId))]);
  const found = new Map(rows.map((row) => [`${row.merchant_id}/${row.order_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.merchantId}/${key.orderId}`);
    return row ? toOrder(row) : null;
  });
});

const LOCK_ORDERS = `
SELECT ${rowJson('o')}
FROM ${byKeys('orders', 'o', [['merchant_id', 'uuid'], ['order_id', 'uuid']], 'FOR UPDATE')}`;

/** Locks many orders in one statement, in key order (as every lock of several orders is taken); null for a key with no order. */
export async function lockOrders(tx: Queryable, keys: readonly OrderKey[]): Promise<Array<Order | null>> {
  const sorted = [...new Map(keys.map((k) => [`${k.merchantId}/${k.orderId}`, k])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k);
  const rows = await queryJsonRows<OrderRow>(tx, LOCK_ORDERS, [uuidArray(sorted.map((k) => k.merchantId)), uuidArray(sorted.map((k) => k.orderId))]);
  const found = new Map(rows.map((row) => [`${row.merchant_id}/${row.order_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.merchantId}/${key.orderId}`);
    return row ? toOrder(row) : null;
  });
}

/** Writes the mutable fields of an order the caller has locked and changed. */
export async function saveOrder(db: Queryable, order: Order): Promise<void> {
  const { text, params } = saveOrderStatement(order);
  await db.query(text, params);
}

/** saveOrder's UPDATE, to run with other writes of the same change (writeStatement). */
export function saveOrderStatement(order: Order): Statement {
  return {
    text: `UPDATE orders SET status = $3, amount_paid = $4, amount_refunded = $5, description = $6, metadata = $7::text::jsonb,
       updated_at = $8, canceled_at = $9, cancellation_reason = $10, expired_at = $11, amount_overpaid = $12,
       payment_ids = $13::text::jsonb
     WHERE merchant_id = $1 AND order_id = $2`,
    params: [
      order.merchantId,
      order.id,
      order.status,
      order.amountPaid,
      order.amountRefunded,
      order.description,
      JSON.stringify(order.metadata),
      order.updatedAt,
      order.canceledAt,
      order.cancellationReason,
      order.expiredAt,
      order.amountOverpaid,
      JSON.stringify(order.paymentIds),
    ],
  };
}

/** Writes what an update may change of an order the caller has locked: its terms, description and metadata. */
export async function saveOrderTerms(db: Queryable, order: Order): Promise<void> {
  await db.query(
    `UPDATE orders SET amount = $3, expires_at = $4, customer_id = $5, reference = $6, line_items = $7::text::jsonb,
       payment_methods = $8::text::jsonb, description = $9, metadata = $10::text::jsonb, updated_at = $11
     WHERE merchant_id = $1 AND order_id = $2`,
    [
      order.merchantId,
      order.id,
      order.amount,
      order.expiresAt,
      order.customerId,
      order.reference,
      JSON.stringify(order.lineItems),
      order.paymentMethods && JSON.stringify(order.paymentMethods),
      order.description,
      JSON.stringify(order.metadata),
      order.updatedAt,
    ],
  );
}

export interface OrderListFilters {
  merchantId: string;
  livemode: boolean;
  storeId: string | null;
  branchId: string | null;
  status?: OrderStatus[];
  customerId?: string;
  reference?: string;
  /** Filters asked for, beside the caller's own store and branch above. */
  inStore?: string;
  inBranch?: string;
  currency?: string;
  createdGte?: Date;
  createdLt?: Date;
}

export async function listOrders(db: Queryable, f: OrderListFilters, page: Page): Promise<Order[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('o')} FROM orders o`,
    'order_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.storeId && ['store_id = ?', f.storeId],
      f.branchId && ['branch_id = ?', f.branchId],
      f.status?.length && ['status = ANY(?::text[])', f.status],
      f.customerId && ['customer_id = ?', f.customerId],
      f.reference && ['reference = ?', f.reference],
      f.inStore && ['store_id = ?', f.inStore],
      f.inBranch && ['branch_id = ?', f.inBranch],
      f.currency && ['currency = ?', f.currency],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<OrderRow>(db, text, params)).map(toOrder);
}

const SWEPT = SWEPT_ON_EXPIRY.map((s) => `'${s}'`).join(', ');

/**
 * Locks up to `limit` orders whose expiry has passed, skipping rows other workers hold, and marks them
 * expired. The UPDATE tests the status again, so an order canceled or paid between the two is left alone
 * and an order is expired exactly once however many nodes sweep at the same time.
 */
const EXPIRE_DUE = `
WITH due AS (
  SELECT merchant_id, order_id FROM orders
  WHERE status IN (${SWEPT}) AND expires_at IS NOT NULL AND expires_at <= $1
  ORDER BY expires_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE orders o SET status = 'expired', expired_at = $1, updated_at = $1
FROM due WHERE o.merchant_id = due.merchant_id AND o.order_id = due.order_id AND o.status IN (${SWEPT})
RETURNING ${rowJson('o')}`;

export async function expireDueOrders(db: Queryable, now: Date, limit: number): Promise<Order[]> {
  return (await queryJsonRows<OrderRow>(db, EXPIRE_DUE, [now, limit])).map(toOrder);
}
