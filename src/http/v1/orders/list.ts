import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { getOrder, listOrders } from '../../../services/orders.js';
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
            customer: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this customer's orders (cus_…)" })),
            reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only orders with exactly this reference' })),
            store: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this store's orders (sto_…), its branches' included" })),
            branch: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this branch's orders (bra_…)" })),
            currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$', description: 'Only orders in this currency (ISO 4217)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Order), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = await pageFromCursor('order', req.query, (id) => getOrder(services.db, req.actor, id));
      const { status, customer, reference, store, branch, currency } = req.query;
      const rows = await listOrders(services.db, req.actor, { status, customer, reference, store, branch, currency, ...createdRange(req.query) }, page);
      return listBody(req, rows, page, orderView);
    },
  );
}
