import { arrayLiteral, byKeys } from './by-keys.js';
import { batchedPerDb } from './batcher.js';
import { isUniqueViolation, type Queryable } from './db.js';
import type { TableRow } from './inserts.js';
import { numberedPage } from './list-query.js';
import type { OrderStatus } from '../domain/order-status.js';

export interface FaceOrderRecord {
  merchantId: string;
  orderId: string;
  face: string;
  livemode: boolean;
  requestId: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
}

/** A face's row for a new order, inserted with the order's rows (see planFaceOrder). */
export function faceOrderRow(record: FaceOrderRecord): TableRow {
  return {
    table: 'face_orders',
    row: {
      merchant_id: record.merchantId,
      order_id: record.orderId,
      face: record.face,
      livemode: record.livemode,
      request_id: record.requestId,
      attributes: JSON.stringify(record.attributes),
      created_at: record.createdAt.toISOString(),
    },
  };
}

/** The error inserting a faceOrderRow fails with when its request_id already made an order. */
export function isFaceRequestIdTaken(error: unknown): boolean {
  return isUniqueViolation(error) && (error as { table?: string }).table === 'face_orders';
}

/** PostgreSQL's array literal of uuids or face names (neither needs quoting), which both drivers send as is. */

export interface FaceOrderKey {
  merchantId: string;
  orderId: string;
  face: string;
}

/** A face's attributes of each order (null: the order was not made through that face), in one query. */
export async function findFaceAttributesOf(db: Queryable, keys: FaceOrderKey[]): Promise<Array<Record<string, unknown> | null>> {
  const rows = await db.query<{ merchant_id: string; order_id: string; face: string; attributes: Record<string, unknown> | string }>(
    `SELECT f.merchant_id, f.order_id, f.face, f.attributes
     FROM ${byKeys('face_orders', 'f', [['merchant_id', 'uuid'], ['order_id', 'uuid'], ['face', 'text']])}`,
    [arrayLiteral(keys.map((k) => k.merchantId)), arrayLiteral(keys.map((k) => k.orderId)), arrayLiteral(keys.map((k) => k.face))],
  );
  const found = new Map(rows.map((r) => [`${r.merchant_id}/${r.order_id}/${r.face}`, typeof r.attributes === 'string' ? JSON.parse(r.attributes) : r.attributes]));
  return keys.map((k) => found.get(`${k.merchantId}/${k.orderId}/${k.face}`) ?? null);
}

/** findFaceAttributesOf for one order, read with those asked at the same time (see Batcher). */
export const findFaceAttributes = batchedPerDb<FaceOrderKey, Record<string, unknown> | null>(findFaceAttributesOf);

export async function findOrderIdByRequestId(db: Queryable, merchantId: string, livemode: boolean, face: string, requestId: string): Promise<string | null> {
  const rows = await db.query<{ order_id: string }>(
    'SELECT order_id FROM face_orders WHERE merchant_id = $1 AND livemode = $2 AND face = $3 AND request_id = $4',
    [merchantId, livemode, face, requestId],
  );
  return rows[0]?.order_id ?? null;
}

export interface NumberedPageFilters {
  merchantId: string;
  livemode: boolean;
  storeId: string | null;
  branchId: string | null;
  status?: OrderStatus[];
  customerId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** One numbered page of a merchant's orders, newest first, and how many there are in all (see numberedPage). */
export async function numberedOrderPage(db: Queryable, f: NumberedPageFilters, offset: number, limit: number): Promise<{ orderIds: string[]; count: number }> {
  const { ids, count } = await numberedPage(
    db,
    'orders',
    'order_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.storeId && ['store_id = ?', f.storeId],
      f.branchId && ['branch_id = ?', f.branchId],
      f.status && ['status = ANY(?::text[])', `{${f.status.join(',')}}`],
      f.customerId && ['customer_id = ?', f.customerId],
      f.createdAfter && ['created_at > ?', f.createdAfter.toISOString()],
      f.createdBefore && ['created_at < ?', f.createdBefore.toISOString()],
    ],
    offset,
    limit,
  );
  return { orderIds: ids, count };
}
