import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { retrieveFaceOrder } from '../../../services/face-orders.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import type { GlomopayAttributes } from '../order-request.js';
import { documentsAskedOf, glomopayOrder } from '../order-view.js';
import { errors, GlomopayOrder, TAG_ORDERS } from '../schema.js';

export default function registerRetrieveOrder(app: App, services: Services) {
  app.get(
    '/api/v1/orders/:id',
    {
      schema: {
        operationId: 'getorderbyid',
        tags: [TAG_ORDERS],
        summary: 'Get an order',
        description: "An id that does not start with 'order_' is a 400; an unknown one, or another merchant's or mode's, a 404.",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'order_…' }) }),
        response: { 200: GlomopayOrder, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const uuid = fromGlomopayId('order', req.params.id);
      if (!uuid) throw new AppError('resource_missing', 'Order not found');
      const { order, attributes } = await retrieveFaceOrder<GlomopayAttributes>(services.db, req.actor, 'glomopay', uuid);
      const asked = await documentsAskedOf(services.db, order.merchantId, [order]);
      return glomopayOrder(order, attributes, asked.get(order.id));
    },
  );
}
