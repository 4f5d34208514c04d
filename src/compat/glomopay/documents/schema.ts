import { Type } from '@sinclair/typebox';
import type { CustomerDocument } from '../../../domain/documents.js';
import { Nullable } from '../../../http/schemas.js';
import { glomopayId } from '../../../domain/glomopay-ids.js';
import { glomopayTime } from '../order-view.js';

export const TAG_DOCUMENTS = 'Document';

export const GlomopayDocument = Type.Object({
  id: Type.String({ description: 'doc_…' }),
  customer_id: Type.String({ description: 'cust_…' }),
  document_type: Type.String({ description: 'What it is: passport, proof_of_address, invoice, …' }),
  name: Nullable(Type.String()),
  notes: Nullable(Type.Record(Type.String(), Type.String())),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** A document as the Glomopay face shows it (its metadata as notes, kept as text). */
export function documentJson(document: CustomerDocument) {
  return {
    id: glomopayId('document', document.id),
    customer_id: glomopayId('customer', document.customerId),
    document_type: document.type,
    name: document.name,
    notes: Object.keys(document.metadata).length ? document.metadata : null,
    created_at: glomopayTime(document.createdAt),
    updated_at: glomopayTime(document.updatedAt),
  };
}
