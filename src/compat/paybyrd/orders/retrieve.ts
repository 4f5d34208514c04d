import type { App, Services } from '../../../http/context.js';
import { retrieveFaceOrder } from '../../../services/face-orders.js';
import { listPayments } from '../../../services/payments.js';
import type { PaybyrdAttributes } from '../order-request.js';
import { paybyrdOrderDetail } from '../order-view.js';
import { errors, OrderIdParams, PaybyrdOrderDetail, TAG_ORDERS } from '../schema.js';

/** Transactions listed on an order: its payments, up to this many (an order has a handful). */
const MAX_TRANSACTIONS = 100;

export default function registerRetrieveOrder(app: App, services: Services) {
  app.get(
    '/api/v2/orders/:orderId',
    {
      schema: {
        operationId: 'api-orders-query',
        tags: [TAG_ORDERS],
        summary: 'Query Order',
        description: 'The order, its refunded amount and its transactions (its payments, oldest first, with PascalCase statuses).',
        params: OrderIdParams,
        response: { 200: PaybyrdOrderDetail, ...errors(401, 404, 429) },
      },
    },
    async (req) => {
      const { order, attributes } = await retrieveFaceOrder<PaybyrdAttributes>(services.db, req.actor, 'paybyrd', req.params.orderId);
      const payments = order.paymentIds.length ? await listPayments(services.db, req.actor, { order: order.id }, { limit: MAX_TRANSACTIONS }) : [];
      return paybyrdOrderDetail(order, attributes, payments);
    },
  );
}
