import type { App, Services } from '../../../http/context.js';
import { retrieveOrder } from '../../../services/orders.js';
import { CertoPayOrder, errors, orderJson, TAG_ORDERS, UuidParams } from '../schema.js';

export default function registerRetrieveOrder(app: App, services: Services) {
  app.get(
    '/api/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        tags: [TAG_ORDERS],
        summary: 'Retrieve an order by UUID',
        params: UuidParams,
        response: { 200: CertoPayOrder, ...errors(401, 404, 429) },
      },
    },
    async (req) => orderJson(await retrieveOrder(services.db, req.actor, req.params.id)),
  );
}
