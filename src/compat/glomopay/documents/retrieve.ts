import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { getDocument } from '../../../services/documents.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { errors } from '../schema.js';
import { documentJson, GlomopayDocument, TAG_DOCUMENTS } from './schema.js';

export default function registerRetrieveDocument(app: App, services: Services) {
  app.get(
    '/api/v1/documents/:id',
    {
      schema: {
        operationId: 'getdocumentbyid',
        tags: [TAG_DOCUMENTS],
        summary: 'Get a document',
        description: "An id that does not start with 'doc_' is a 400; an unknown one, or another merchant's or mode's, a 404.",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'doc_…' }) }),
        response: { 200: GlomopayDocument, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const uuid = fromGlomopayId('document', req.params.id);
      if (!uuid) throw new AppError('resource_missing', 'Document not found');
      return documentJson(await getDocument(services.db, req.actor, uuid));
    },
  );
}
