import { actorScope, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId } from '../domain/ids.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { Order } from '../domain/orders.js';
import type { Clock } from '../clock.js';
import type { Db, Queryable } from '../store/db.js';
import { faceOrderRow, findFaceAttributes, findFaceAttributesOf, findOrderIdByRequestId, isFaceRequestIdTaken, numberedOrderPage } from '../store/face-orders.sql.js';
import { findOrderShared } from '../store/orders.sql.js';
import { planOrder, retrieveOrder, type CreateOrderInput, type PlannedOrder } from './orders.js';

/** What a vendor face keeps beside a new order: its own fields, and the vendor's body idempotency value. */
export interface FaceOrderExtras<A> {
  face: string;
  attributes: A;
  /** One order per value (Glomopay's request_id); a second create with it fails (isFaceRequestIdTaken). */
  requestId?: string;
}

/** planOrder, plus the face's row written in the same statement as the order. */
export async function planFaceOrder<A extends object>(
  db: Queryable,
  clock: Clock,
  actor: Actor,
  input: CreateOrderInput,
  extras: FaceOrderExtras<A>,
): Promise<PlannedOrder> {
  const planned = await planOrder(db, clock, actor, input);
  const { object: order } = planned;
  const row = faceOrderRow({
    merchantId: order.merchantId,
    orderId: order.id,
    face: extras.face,
    livemode: order.livemode,
    requestId: extras.requestId ?? null,
    attributes: extras.attributes as Record<string, unknown>,
    createdAt: order.createdAt,
  });
  return { ...planned, rows: [...planned.rows, row] };
}

export { isFaceRequestIdTaken };

/** An order as a face shows it: the canonical order and what the face kept (null: made elsewhere). */
export interface FaceOrder<A> {
  order: Order;
  attributes: A | null;
}

export async function retrieveFaceOrder<A>(db: Db, actor: Actor, face: string, id: string): Promise<FaceOrder<A>> {
  // Both at once: the attributes of an order the caller may not see are read and dropped with the 404.
  const uuid = decodeId('order', id);
  const [order, attributes] = await Promise.all([
    retrieveOrder(db, actor, id),
    uuid ? findFaceAttributes(db, { merchantId: actor.merchantId, orderId: uuid, face }) : null,
  ]);
  return { order, attributes: attributes as A | null };
}

/** What a face kept of an order, read in the caller's transaction. */
export async function faceAttributesIn<A>(tx: Queryable, face: string, order: Order): Promise<A | null> {
  const [attributes] = await findFaceAttributesOf(tx, [{ merchantId: order.merchantId, orderId: order.id, face }]);
  return (attributes ?? null) as A | null;
}

/** The order a face's request_id made, as the caller may see it; null when none did. */
export async function findFaceOrderByRequestId<A>(db: Db, actor: Actor, face: string, requestId: string): Promise<FaceOrder<A> | null> {
  const orderId = await findOrderIdByRequestId(db, actor.merchantId, actor.livemode, face, requestId);
  if (!orderId) return null;
  try {
    return await retrieveFaceOrder<A>(db, actor, face, orderId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'resource_missing') return null;
    throw error;
  }
}

export interface NumberedPageQuery {
  status?: OrderStatus[];
  /** A customer's UUID. */
  customerId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** 1-based. */
  page: number;
  perPage: number;
}

/** A numbered page of the caller's orders, newest first, each with the face's attributes, and the total count. */
export async function listFaceOrdersByPage<A>(db: Db, actor: Actor, face: string, q: NumberedPageQuery): Promise<{ orders: FaceOrder<A>[]; count: number }> {
  const { orderIds, count } = await numberedOrderPage(
    db,
    { ...actorScope(actor), status: q.status, customerId: q.customerId, createdAfter: q.createdAfter, createdBefore: q.createdBefore },
    (q.page - 1) * q.perPage,
    q.perPage,
  );
  const orders = await Promise.all(
    orderIds.map(async (orderId) => {
      const [order, attributes] = await Promise.all([
        findOrderShared(db, { merchantId: actor.merchantId, orderId }),
        findFaceAttributes(db, { merchantId: actor.merchantId, orderId, face }),
      ]);
      return { order: order!, attributes: attributes as A | null };
    }),
  );
  return { orders, count };
}
