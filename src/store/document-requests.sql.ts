import type { DocumentRequest } from '../domain/documents.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';

interface DocumentRequestRow {
  merchant_id: string;
  request_id: string;
  order_id: string;
  document_type: string;
  document_id: string | null;
  requested_at: string;
  answered_at: string | null;
}

const toRequest = (r: DocumentRequestRow): DocumentRequest => ({
  id: r.request_id,
  merchantId: r.merchant_id,
  orderId: r.order_id,
  type: r.document_type,
  documentId: r.document_id,
  requestedAt: new Date(r.requested_at),
  answeredAt: toDate(r.answered_at),
});

export async function insertDocumentRequests(db: Queryable, requests: DocumentRequest[]): Promise<void> {
  if (!requests.length) return;
  await db.query(
    `INSERT INTO document_requests (merchant_id, request_id, order_id, document_type, requested_at)
     SELECT $1, r.request_id, $2, r.document_type, $3 FROM unnest($4::uuid[], $5::text[]) AS r (request_id, document_type)`,
    [requests[0]!.merchantId, requests[0]!.orderId, requests[0]!.requestedAt, `{${requests.map((r) => r.id).join(',')}}`, textArray(requests.map((r) => r.type))],
  );
}

/** PostgreSQL's array literal of texts, each element quoted. */
const textArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** The requests made of each order, oldest first, in one query; an order with none is absent from the map. */
export async function findDocumentRequests(db: Queryable, merchantId: string, orderIds: string[]): Promise<Map<string, DocumentRequest[]>> {
  const found = new Map<string, DocumentRequest[]>();
  if (!orderIds.length) return found;
  const rows = await queryJsonRows<DocumentRequestRow>(
    db,
    `SELECT ${rowJson('r')} FROM document_requests r WHERE merchant_id = $1 AND order_id = ANY($2::uuid[]) ORDER BY order_id, request_id`,
    [merchantId, `{${orderIds.join(',')}}`],
  );
  for (const request of rows.map(toRequest)) found.set(request.orderId, [...(found.get(request.orderId) ?? []), request]);
  return found;
}

export async function answerDocumentRequest(db: Queryable, request: DocumentRequest): Promise<void> {
  await db.query('UPDATE document_requests SET document_id = $3, answered_at = $4 WHERE merchant_id = $1 AND request_id = $2', [
    request.merchantId,
    request.id,
    request.documentId,
    request.answeredAt,
  ]);
}
