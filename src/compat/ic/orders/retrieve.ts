import type { App, Services } from '../../../http/context.js';
import { errors, IcOrder, OrderIdParams, orderJson, readIcOrder, TAG_ORDERS } from '../schema.js';

export default function registerRetrieveOrder(app: App, services: Services) {
  app.get(
    '/api/v1/payment/order/:orderId',
    {
      schema: {
        operationId: 'getPaymentOrder',
        tags: [TAG_ORDERS],
        summary: 'Get a payment order by id',
        description: 'Poll until a terminal status: completed, underpaid (USDT sent short: order `pendingAmount` anew), cancelled or under_dispute.',
        params: OrderIdParams,
        response: { 200: IcOrder, ...errors(401, 404, 429) },
      },
    },
    async (req) => orderJson(await readIcOrder(services, req.actor, req.params.orderId)),
  );
}
