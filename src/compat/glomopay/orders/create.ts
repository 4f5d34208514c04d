import { AppError } from '../../../domain/errors.js';
import type { Actor } from '../../../domain/actor.js';
import type { App, Services } from '../../../http/context.js';
import { sendPlannedWrite } from '../../../http/write.js';
import { getDocument } from '../../../services/documents.js';
import { isFaceRequestIdTaken, planFaceOrder } from '../../../services/face-orders.js';
import type { Queryable } from '../../../store/db.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { installationSealer } from '../../../services/sealing.js';
import { glomopayKeySealContext } from '../../../domain/glomopay-checkout.js';
import { bearerKey } from '../bearer.js';
import { badRequest, CreateGlomopayOrder, readGlomopayOrder } from '../order-request.js';
import { glomopayOrder } from '../order-view.js';
import { errors, GlomopayOrder, TAG_ORDERS } from '../schema.js';

export default function registerCreateOrder(app: App, services: Services) {
  app.post(
    '/api/v1/orders',
    {
      schema: {
        operationId: 'createorder',
        tags: [TAG_ORDERS],
        summary: 'Create a new order',
        description:
          'A repeated request_id is refused with 400 "Order already exists for this request_id" (GET /orders?request_id= finds the first). ' +
          'Currencies USD, EUR and GBP; amounts are JSON integers in the smallest unit. Payorders adds redirect_url: the hosted checkout ' +
          '(checkout_url) returns the payer there once paid with payment_id, order_id, status and signature (HMAC-SHA256 of ' +
          'order_id|payment_id|status with the secret key this request was made with).',
        body: CreateGlomopayOrder,
        response: { 201: GlomopayOrder, ...errors(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      try {
        await sendPlannedWrite(services, req, reply, async (db) => {
          const { input, attributes } = readGlomopayOrder(req.body);
          if (attributes.document_id !== undefined) await checkDocument(db, req.actor, attributes.document_id, input.customer!);
          const secretKey = bearerKey(req);
          // The result the checkout returns to redirect_url is signed with this key: kept sealed for it (we keep keys only as hashes).
          if (input.redirect_url && req.actor.principal.kind === 'api_key' && secretKey) {
            attributes.sealed_key = installationSealer(services.config).seal(secretKey, glomopayKeySealContext(req.actor.merchantId));
          }
          const planned = await planFaceOrder(db, services.clock, req.actor, input, { face: 'glomopay', attributes, requestId: req.body.request_id }).catch(
            (error: unknown) => {
              const missingCustomer = error instanceof AppError && error.fields[0]?.path === '/customer';
              throw missingCustomer ? new AppError('resource_missing', 'Customer not found') : error;
            },
          );
          return { status: 201, body: JSON.stringify(glomopayOrder(planned.object, attributes)), rows: planned.rows };
        });
      } catch (error) {
        if (!isFaceRequestIdTaken(error)) throw error;
        const message = 'Order already exists for this request_id';
        throw new AppError('validation_error', message, [{ path: '/request_id', code: 'duplicate', message }]);
      }
    },
  );
}

/**
 * The document an order names is the caller's (else 404 "Document not found", as an unknown id is) and
 * its customer's: a document about someone else is not this order's.
 */
async function checkDocument(db: Queryable, actor: Actor, documentId: string, customer: string): Promise<void> {
  const uuid = fromGlomopayId('document', documentId, 'document_id');
  const document = uuid && (await getDocument(db, actor, uuid).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'resource_missing') return null;
    throw error;
  }));
  if (!document) throw new AppError('resource_missing', 'Document not found');
  if (document.customerId !== customer) throw badRequest('document_id', 'Document does not belong to the customer');
}
