import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { retrieveOrder } from '../../../services/orders.js';
import { orderView } from '../../../services/views.js';
import { Order } from './schema.js';

export default function registerRetrieveOrder(app: App, services: Services) {
  app.get(
    '/v1/orders/:id',
    {
      schema: {
        operationId: 'retrieveOrder',
        tags: ['Orders'],
        summary: 'Retrieve an order',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: Order, ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => orderView(await retrieveOrder(services.db, req.actor, req.params.id)),
  );
}
