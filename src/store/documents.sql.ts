import type { Scope } from '../domain/actor.js';
import type { CustomerDocument } from '../domain/documents.js';
import { customerSeenIn } from './customers.sql.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { numberedRowPage, type Condition } from './list-query.js';

/** A documents row as row_to_json gives it. */
interface DocumentRow {
  merchant_id: string;
  document_id: string;
  livemode: boolean;
  customer_id: string;
  document_type: string;
  name: string | null;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
}

function toDocument(row: DocumentRow): CustomerDocument {
  return {
    id: row.document_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    customerId: row.customer_id,
    type: row.document_type,
    name: row.name,
    metadata: row.metadata,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function insertDocument(db: Queryable, d: CustomerDocument): Promise<void> {
  await db.query(
    `INSERT INTO documents (merchant_id, document_id, livemode, customer_id, document_type, name, metadata, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)`,
    [d.merchantId, d.id, d.livemode, d.customerId, d.type, d.name, JSON.stringify(d.metadata), d.createdAt, d.updatedAt],
  );
}

/** The scope's document (for a store or branch user, one whose customer it sees), or null. */
export async function findDocument(db: Queryable, scope: Scope, documentId: string): Promise<CustomerDocument | null> {
  const seen = customerSeenIn(scope, 'd');
  const rows = await queryJsonRows<DocumentRow>(
    db,
    `SELECT ${rowJson('d')} FROM documents d WHERE d.merchant_id = $1 AND d.document_id = $2 AND d.livemode = $3${seen ? ` AND ${seen[0].replace('?', '$4')}` : ''}`,
    [scope.merchantId, documentId, scope.livemode, ...(seen ? [seen[1]] : [])],
  );
  return rows[0] ? toDocument(rows[0]) : null;
}

/** A numbered page of the scope's documents, newest first (of one customer when named), and how many there are. */
export async function numberedDocumentPage(
  db: Queryable,
  scope: Scope,
  customerId: string | undefined,
  offset: number,
  limit: number,
): Promise<{ documents: CustomerDocument[]; count: number }> {
  const conditions: Condition[] = [['d.livemode = ?', scope.livemode], customerId && ['d.customer_id = ?', customerId], customerSeenIn(scope, 'd')];
  const { rows, count } = await numberedRowPage<DocumentRow>(db, scope.merchantId, ['documents', 'd', 'document_id'], conditions, offset, limit);
  return { documents: rows.map(toDocument), count };
}
