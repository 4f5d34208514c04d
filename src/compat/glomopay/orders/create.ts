import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { sendPlannedWrite } from '../../../http/write.js';
import { isFaceRequestIdTaken, planFaceOrder } from '../../../services/face-orders.js';
import { CreateGlomopayOrder, readGlomopayOrder } from '../order-request.js';
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
          'Currencies USD, EUR and GBP; amounts are JSON integers in the smallest unit.',
        body: CreateGlomopayOrder,
        response: { 201: GlomopayOrder, ...errors(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      try {
        await sendPlannedWrite(services, req, reply, async (db) => {
          const { input, attributes } = readGlomopayOrder(req.body);
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
