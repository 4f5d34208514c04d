import type { Actor } from '../domain/actor.js';
import type { DocumentRequest } from '../domain/documents.js';
import { AppError } from '../domain/errors.js';
import { causedBy, causedByJob, type EventCause } from '../domain/event-cause.js';
import { encodeId, uuidv7 } from '../domain/ids.js';
import { assertTransition } from '../domain/order-status.js';
import type { Order } from '../domain/orders.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../store/db.js';
import { answerDocumentRequest, findDocumentRequests, insertDocumentRequests } from '../store/document-requests.sql.js';
import { insertEvents } from '../store/events.sql.js';
import * as orders from '../store/orders.sql.js';
import { getDocument } from './documents.js';
import { getOrder } from './orders.js';
import { orderView } from './views.js';

/**
 * Compliance review of an order, held by an operator (the `payorders review` commands): the order becomes
 * under_review, which takes no payment, optionally asking for documents of given types (Glomopay's request
 * for information). The merchant answers each request with one of its documents of the order's customer;
 * when all are answered the review proper starts. The operator then approves it (open again, payable) or
 * rejects it (failed). Each step writes an event whose data is the order with its document requests.
 */

/** An order under review and every document request ever made of it, oldest first. */
export interface OrderReview {
  order: Order;
  requests: DocumentRequest[];
}

/** Events caused by the operator's review commands name this job. */
const OPERATOR = causedByJob('compliance_review');

export const stillAsked = (requests: readonly DocumentRequest[]) => requests.filter((r) => r.documentId === null);

/** The document requests of those orders that are under review (the only ones a face shows them for), in one query. */
export async function documentRequestsOf(db: Queryable, merchantId: string, of: readonly Pick<Order, 'id' | 'status'>[]): Promise<Map<string, DocumentRequest[]>> {
  return findDocumentRequests(db, merchantId, of.filter((o) => o.status === 'under_review').map((o) => o.id));
}

/** The view events carry: the order as /v1 shows it, with its document requests. */
export function orderReviewView({ order, requests }: OrderReview) {
  return {
    ...orderView(order),
    document_requests: requests.map((r) => ({
      id: encodeId('documentRequest', r.id),
      document_type: r.type,
      document: r.documentId && encodeId('document', r.documentId),
      requested_at: r.requestedAt.toISOString(),
      answered_at: r.answeredAt?.toISOString() ?? null,
    })),
  };
}

/** The operator's order, locked, whatever its mode; another merchant's is not found. */
async function lockedOrder(tx: Queryable, merchantId: string, orderId: string): Promise<Order> {
  const order = await orders.findOrder(tx, merchantId, orderId, true);
  if (!order) throw AppError.notFound('order', encodeId('order', orderId));
  return order;
}

/**
 * Holds an open order (nothing paid, no payment in flight) for review, asking for a document of each type
 * given (none: a review with nothing asked of the merchant). Its event: `order.documents_requested`, or
 * `order.under_review` when nothing is asked.
 */
export async function holdOrderForReview(tx: Queryable, clock: Clock, merchantId: string, orderId: string, documentTypes: readonly string[]): Promise<OrderReview> {
  const order = await lockedOrder(tx, merchantId, orderId);
  if (order.status !== 'open') throw new AppError('invalid_state_transition', `Only an open order can be held for review; this one is ${order.status}`);
  assertTransition(order.status, 'under_review');
  const now = clock.now();
  const asked: DocumentRequest[] = documentTypes.map((type) => ({ id: uuidv7(now.getTime()), merchantId, orderId, type, documentId: null, requestedAt: now, answeredAt: null }));
  await insertDocumentRequests(tx, asked);
  order.status = 'under_review';
  const requests = [...((await findDocumentRequests(tx, merchantId, [orderId])).get(orderId) ?? [])];
  return saveReview(tx, now, { order, requests }, asked.length ? 'order.documents_requested' : 'order.under_review', OPERATOR);
}

/**
 * The merchant answers document requests of its order under review, each with one of its documents of the
 * order's customer. Every request named must still be asked for. Its event: `order.documents_received` once
 * none is left, `order.documents_answered` while some are.
 */
export async function answerDocumentRequests(
  tx: Queryable,
  clock: Clock,
  actor: Actor,
  orderId: string,
  answers: ReadonlyArray<{ request: string; document: string }>,
): Promise<OrderReview> {
  const order = await getOrder(tx, actor, orderId, true);
  const requests = (await findDocumentRequests(tx, order.merchantId, [order.id])).get(order.id) ?? [];
  if (order.status !== 'under_review' || !stillAsked(requests).length) throw new AppError('invalid_state_transition', 'The order is not waiting for documents');
  const now = clock.now();
  for (const [i, answer] of answers.entries()) {
    const request = requests.find((r) => r.id === answer.request);
    if (!request) throw new AppError('resource_missing', `No such document request: '${encodeId('documentRequest', answer.request)}'`, [{ path: `/documents/${i}/request`, code: 'resource_missing', message: 'not found' }]);
    if (request.documentId !== null) throw AppError.invalidField(`/documents/${i}/request`, 'already_answered', 'was already answered');
    const document = await getDocument(tx, actor, answer.document);
    if (document.customerId !== order.customerId) throw AppError.invalidField(`/documents/${i}/document`, 'other_customer', "is not a document of the order's customer");
    request.documentId = document.id;
    request.answeredAt = now;
    await answerDocumentRequest(tx, request);
  }
  return saveReview(tx, now, { order, requests }, stillAsked(requests).length ? 'order.documents_answered' : 'order.documents_received', causedBy(actor));
}

/**
 * The operator's decision on an order under review: approved, it is open again and may be paid
 * (`order.review_approved`); rejected, it fails (`order.review_rejected`). An approval waits for every
 * document asked for; a rejection does not.
 */
export async function decideReview(tx: Queryable, clock: Clock, merchantId: string, orderId: string, decision: 'approve' | 'reject'): Promise<OrderReview> {
  const order = await lockedOrder(tx, merchantId, orderId);
  if (order.status !== 'under_review') throw new AppError('invalid_state_transition', `The order is not under review; it is ${order.status}`);
  const requests = (await findDocumentRequests(tx, merchantId, [orderId])).get(orderId) ?? [];
  const missing = stillAsked(requests);
  if (decision === 'approve' && missing.length) {
    throw new AppError('invalid_state_transition', `Documents are still asked for (${missing.map((r) => r.type).join(', ')}): wait for them, or reject the order`);
  }
  const next = decision === 'approve' ? 'open' : 'failed';
  assertTransition(order.status, next);
  order.status = next;
  return saveReview(tx, clock.now(), { order, requests }, decision === 'approve' ? 'order.review_approved' : 'order.review_rejected', OPERATOR);
}

async function saveReview(tx: Queryable, now: Date, review: OrderReview, type: string, cause: EventCause): Promise<OrderReview> {
  const { order } = review;
  order.updatedAt = now;
  await orders.saveOrder(tx, order);
  await insertEvents(tx, [
    { merchantId: order.merchantId, eventId: uuidv7(now.getTime()), livemode: order.livemode, type, objectId: order.id, data: JSON.stringify(orderReviewView(review)), createdAt: now, cause },
  ]);
  return review;
}
