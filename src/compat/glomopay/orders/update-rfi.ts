import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { faceAttributesIn } from '../../../services/face-orders.js';
import { answerDocumentRequests, stillAsked } from '../../../services/order-reviews.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { badRequest, type GlomopayAttributes } from '../order-request.js';
import { glomopayOrder } from '../order-view.js';
import { errors, GlomopayOrder, TAG_ORDERS } from '../schema.js';

const RfiId = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 64, description }));

/**
 * Glomopay's RFI answer: each document of `documents` answers the request for information its
 * `rfi_doc_id` names (the order's `rfi_documents`). Glomopay's reference names the field `rfi_doc_id`, its
 * RFI guide `rfi_document_id`: either is taken. Once every document asked for is in, the order is
 * `under_review` until the review's decision (a webhook: `active` or `failed`).
 */
export default function registerUpdateRfi(app: App, services: Services) {
  app.patch(
    '/api/v1/orders/:id/update-rfi',
    {
      schema: {
        operationId: 'updateorderrfi',
        tags: [TAG_ORDERS],
        summary: "Answer an order's request for information with documents",
        description:
          "Only while the order is action_required with rfi_documents. Each entry names a document (doc_…, of the order's customer, made with POST /documents) " +
          'and the rfi_doc_id it answers; an unknown one is 404, one already answered 400.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'order_…' }) }),
        body: Type.Object({
          documents: Type.Array(
            Type.Object({
              id: Type.String({ minLength: 1, maxLength: 64, description: 'doc_…' }),
              rfi_doc_id: RfiId('rfidoc_…: the rfi_documents entry it answers'),
              rfi_document_id: RfiId('The same, as the RFI guide names it'),
            }),
            { minItems: 1, maxItems: 50 },
          ),
        }),
        response: { 200: GlomopayOrder, ...errors(400, 401, 404, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const orderId = fromGlomopayId('order', req.params.id);
        if (!orderId) throw new AppError('resource_missing', 'Order not found');
        const answers = req.body.documents.map((entry, i) => {
          const rfiId = entry.rfi_doc_id ?? entry.rfi_document_id;
          if (rfiId === undefined) throw badRequest(`documents/${i}/rfi_doc_id`, `documents/${i}/rfi_doc_id is required`);
          const request = fromGlomopayId('documentRequest', rfiId, `documents/${i}/rfi_doc_id`);
          if (!request) throw new AppError('resource_missing', 'RFI document not found');
          const document = fromGlomopayId('document', entry.id, `documents/${i}/id`);
          if (!document) throw new AppError('resource_missing', 'Document not found');
          return { request, document };
        });
        const { order, requests } = await answerDocumentRequests(tx, services.clock, req.actor, orderId, answers).catch(glomopayWording);
        const attributes = await faceAttributesIn<GlomopayAttributes>(tx, 'glomopay', order);
        return { status: 200, body: JSON.stringify(glomopayOrder(order, attributes, stillAsked(requests))) };
      }),
  );
}

/** The review's refusals in Glomopay's words, naming its fields. */
function glomopayWording(error: unknown): never {
  if (!(error instanceof AppError)) throw error;
  const field = error.fields[0];
  const entry = field?.path.split('/')[2];
  if (error.code === 'invalid_state_transition') throw badRequest('id', 'Order is not awaiting RFI documents');
  if (error.code === 'resource_missing' && field?.path.endsWith('/request')) throw new AppError('resource_missing', 'RFI document not found');
  if (field?.code === 'already_answered') throw badRequest(`documents/${entry}/rfi_doc_id`, 'RFI document already submitted');
  if (field?.code === 'other_customer') throw badRequest(`documents/${entry}/id`, 'Document does not belong to the customer');
  throw error;
}
