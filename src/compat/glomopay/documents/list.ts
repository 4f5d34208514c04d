import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listDocumentsByPage } from '../../../services/documents.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { PagedList, pageAsked, pagedList, PagingQuery } from '../paging.js';
import { errors } from '../schema.js';
import { documentJson, GlomopayDocument, TAG_DOCUMENTS } from './schema.js';

export default function registerListDocuments(app: App, services: Services) {
  app.get(
    '/api/v1/documents',
    {
      schema: {
        operationId: 'getdocuments',
        tags: [TAG_DOCUMENTS],
        summary: 'List documents, newest first',
        querystring: Type.Object({ customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'cust_…: only its documents' })), ...PagingQuery }),
        response: { 200: PagedList(GlomopayDocument), ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const asked = pageAsked(req.query);
      const customerId = req.query.customer_id === undefined ? undefined : fromGlomopayId('customer', req.query.customer_id, 'customer_id');
      // A customer id that names nobody has no documents.
      const { documents, count } = customerId === null ? { documents: [], count: 0 } : await listDocumentsByPage(services.db, req.actor, customerId, asked.page, asked.perPage);
      return pagedList(documents.map(documentJson), asked, count);
    },
  );
}
