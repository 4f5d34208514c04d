import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { faceAttributesIn } from '../../../services/face-orders.js';
import { cancelOrder } from '../../../services/orders.js';
import type { PaybyrdAttributes } from '../order-request.js';
import { paybyrdOrder } from '../order-view.js';
import { errors, OrderIdParams, PaybyrdOrder, TAG_ORDERS } from '../schema.js';

/**
 * Paybyrd documents an "order cancel endpoint" without its path; this is the path its other order
 * operations suggest. Allowed while nothing has been paid or is in flight, otherwise BYRD299.
 */
export default function registerCancelOrder(app: App, services: Services) {
  app.post(
    '/api/v2/orders/:orderId/cancel',
    {
      schema: {
        operationId: 'api-orders-cancel',
        tags: [TAG_ORDERS],
        summary: 'Cancel Order',
        description: 'Cancels an order that is created (or pending without a payment in flight); answers the order with status canceled.',
        params: OrderIdParams,
        response: { 200: PaybyrdOrder, ...errors(400, 401, 404, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { object: order } = await cancelOrder(tx, services.clock, req.actor, req.params.orderId, undefined);
        const attributes = await faceAttributesIn<PaybyrdAttributes>(tx, 'paybyrd', order);
        return { status: 200, body: JSON.stringify(paybyrdOrder(order, attributes)) };
      }),
  );
}
