import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listOrders } from '../../../services/orders.js';
import { CertoPayOrder, errors, LIST_LIMIT, orderJson, TAG_ORDERS } from '../schema.js';

export default function registerListOrders(app: App, services: Services) {
  app.get(
    '/api/orders',
    {
      schema: {
        operationId: 'listOrders',
        tags: [TAG_ORDERS],
        summary: 'List orders, newest first',
        description: `A bare array, as CertoPay answers; at most the ${LIST_LIMIT} newest (CertoPay documents no paging).`,
        response: { 200: Type.Array(CertoPayOrder), ...errors(401, 429) },
      },
    },
    async (req) => (await listOrders(services.db, req.actor, {}, { limit: LIST_LIMIT })).map(orderJson),
  );
}
