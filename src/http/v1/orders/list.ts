import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromQuery } from '../../write.js';
import { listOrders } from '../../../services/orders.js';
import { orderView } from '../../../services/views.js';
import { Order, OrderStatus } from './schema.js';

export default function registerListOrders(app: App, services: Services) {
  app.get(
    '/v1/orders',
    {
      schema: {
        operationId: 'listOrders',
        tags: ['Orders'],
        summary: 'List orders, newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            status: Type.Optional(Type.Array(OrderStatus, { description: 'Repeat to match any of several' })),
            customer: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Order), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = pageFromQuery('order', req.query);
      const rows = await listOrders(
        services.db,
        req.actor,
        { status: req.query.status, customer: req.query.customer, reference: req.query.reference, ...createdRange(req.query) },
        page,
      );
      return listBody(req, rows, page, orderView);
    },
  );
}
