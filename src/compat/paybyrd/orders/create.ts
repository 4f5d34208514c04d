import type { App, Services } from '../../../http/context.js';
import { sendPlannedWrite } from '../../../http/write.js';
import { planFaceOrder } from '../../../services/face-orders.js';
import { modelSchema } from '../binding.js';
import { ORDER_CREATION, readOrderCreation } from '../order-request.js';
import { paybyrdOrder } from '../order-view.js';
import { errors, PaybyrdOrder, TAG_ORDERS } from '../schema.js';

export default function registerCreateOrder(app: App, services: Services) {
  app.post(
    '/api/v2/orders',
    {
      schema: {
        operationId: 'api-orders-create',
        tags: [TAG_ORDERS],
        summary: 'Create Order',
        description:
          "Paybyrd's OrderCreation, bound as Paybyrd binds it: names in any letter case, numbers as numeric strings, nulls as absent, " +
          'unknown properties ignored; the legacy decimal `amount` when `isoAmount` is absent. An Idempotency-Key header is honoured as on /v1.',
        body: modelSchema(ORDER_CREATION, 'OrderCreation'),
        response: { 201: PaybyrdOrder, ...errors(400, 401, 415, 429) },
      },
    },
    (req, reply) =>
      sendPlannedWrite(services, req, reply, async (db) => {
        const { input, attributes } = readOrderCreation(req.body, services.clock.now());
        const planned = await planFaceOrder(db, services.clock, req.actor, input, { face: 'paybyrd', attributes });
        return { status: 201, body: JSON.stringify(paybyrdOrder(planned.object, attributes)), rows: planned.rows };
      }),
  );
}
