import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createDocument } from '../../../services/documents.js';
import { canonicalMetadata } from '../../metadata.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { Notes } from '../order-request.js';
import { errors } from '../schema.js';
import { documentJson, GlomopayDocument, TAG_DOCUMENTS } from './schema.js';

/**
 * Glomopay's documents (doc_…): what an order names in `document_id` and what answers its request for
 * information (PATCH /orders/{id}/update-rfi). Glomopay's document reference was not among the pages the
 * contract was taken from: a document here is its record (whose it is, its type, a name, notes), our
 * choice; the file itself is not taken.
 */
export default function registerCreateDocument(app: App, services: Services) {
  app.post(
    '/api/v1/documents',
    {
      schema: {
        operationId: 'createdocument',
        tags: [TAG_DOCUMENTS],
        summary: "Create a document of a customer's",
        body: Type.Object({
          customer_id: Type.String({ minLength: 1, maxLength: 64, description: 'cust_…' }),
          document_type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_ -]+$', description: 'passport, proof_of_address, invoice, …' }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Its file name or title' })),
          notes: Notes,
        }),
        response: { 201: GlomopayDocument, ...errors(400, 401, 404, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { customer_id: customerId, document_type: type, name, notes } = req.body;
        const customer = fromGlomopayId('customer', customerId, 'customer_id');
        if (!customer) throw new AppError('resource_missing', 'Customer not found');
        const { object } = await createDocument(tx, services.clock, req.actor, { customer, type, name, metadata: notes ? canonicalMetadata(notes) : undefined });
        return { status: 201, body: JSON.stringify(documentJson(object)) };
      }),
  );
}
