import { actorScope, type Actor } from '../domain/actor.js';
import type { CustomerDocument } from '../domain/documents.js';
import { AppError } from '../domain/errors.js';
import { causedBy } from '../domain/event-cause.js';
import { encodeId, uuidv7 } from '../domain/ids.js';
import type { Metadata } from '../domain/metadata.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../store/db.js';
import * as documents from '../store/documents.sql.js';
import { insertEvents } from '../store/events.sql.js';
import { getCustomer } from './customers.js';
import type { Written } from './orders.js';

export interface DocumentInput {
  /** The customer's UUID. */
  customer: string;
  type: string;
  name?: string;
  metadata?: Metadata;
}

/** The canonical view of a document, as its events carry it. */
export function documentView(d: CustomerDocument) {
  return {
    id: encodeId('document', d.id),
    object: 'document' as const,
    livemode: d.livemode,
    customer: encodeId('customer', d.customerId),
    type: d.type,
    name: d.name,
    metadata: d.metadata,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

/** A document of a customer the caller sees (another's customer is a 404, as if it did not exist), with its event. */
export async function createDocument(tx: Queryable, clock: Clock, actor: Actor, input: DocumentInput): Promise<Written<CustomerDocument>> {
  const customer = await getCustomer(tx, actor, input.customer);
  const now = clock.now();
  const document: CustomerDocument = {
    id: uuidv7(now.getTime()),
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    customerId: customer.id,
    type: input.type,
    name: input.name ?? null,
    metadata: input.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
  await documents.insertDocument(tx, document);
  const json = JSON.stringify(documentView(document));
  await insertEvents(tx, [
    { merchantId: document.merchantId, eventId: uuidv7(now.getTime()), livemode: document.livemode, type: 'document.created', objectId: document.id, data: json, createdAt: now, cause: causedBy(actor) },
  ]);
  return { object: document, json };
}

/** The caller's document (its merchant, mode and, for a store or branch user, a customer it sees); else 404. */
export async function getDocument(db: Queryable, actor: Actor, uuid: string): Promise<CustomerDocument> {
  const document = await documents.findDocument(db, actorScope(actor), uuid);
  if (!document) throw AppError.notFound('document', encodeId('document', uuid));
  return document;
}

/** A numbered page (1-based) of the caller's documents, newest first, of one customer (a UUID) when named. */
export async function listDocumentsByPage(db: Queryable, actor: Actor, customerId: string | undefined, page: number, perPage: number) {
  return documents.numberedDocumentPage(db, actorScope(actor), customerId, (page - 1) * perPage, perPage);
}
