import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { StringEnum } from '../../../http/schemas.js';
import { findFaceOrderByRequestId, listFaceOrdersByPage, type FaceOrder } from '../../../services/face-orders.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import type { GlomopayAttributes } from '../order-request.js';
import { documentsAskedOf, glomopayOrder } from '../order-view.js';
import { PagedList, pageAsked, pagedList, PagingQuery } from '../paging.js';
import { errors, GlomopayOrder, TAG_ORDERS } from '../schema.js';
import { canonicalStatuses, GLOMOPAY_STATUSES } from '../status.js';

const ListQuery = Type.Object({
  customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'cust_…' })),
  status: Type.Optional(StringEnum(GLOMOPAY_STATUSES)),
  before: Type.Optional(Type.String({ format: 'date-time', description: 'Created before this time (ISO 8601, UTC)' })),
  after: Type.Optional(Type.String({ format: 'date-time', description: 'Created after this time (ISO 8601, UTC)' })),
  ...PagingQuery,
  request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'The order a create with this request_id made' })),
});

export default function registerListOrders(app: App, services: Services) {
  app.get(
    '/api/v1/orders',
    {
      schema: {
        operationId: 'getorders',
        tags: [TAG_ORDERS],
        summary: 'List orders, newest first',
        querystring: ListQuery,
        response: { 200: PagedList(GlomopayOrder), ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const q = req.query;
      const asked = pageAsked(q);
      const { page, perPage } = asked;
      let found: { orders: FaceOrder<GlomopayAttributes>[]; count: number };
      if (q.request_id !== undefined) {
        const order = await findFaceOrderByRequestId<GlomopayAttributes>(services.db, req.actor, 'glomopay', q.request_id);
        found = { orders: order && page === 1 ? [order] : [], count: order ? 1 : 0 };
      } else {
        const customerId = q.customer_id === undefined ? undefined : fromGlomopayId('customer', q.customer_id, 'customer_id');
        found =
          customerId === null
            ? { orders: [], count: 0 }
            : await listFaceOrdersByPage<GlomopayAttributes>(services.db, req.actor, 'glomopay', {
                status: q.status && canonicalStatuses(q.status),
                customerId,
                createdAfter: q.after === undefined ? undefined : new Date(q.after),
                createdBefore: q.before === undefined ? undefined : new Date(q.before),
                page,
                perPage,
              });
      }
      const documents = await documentsAskedOf(services.db, req.actor.merchantId, found.orders.map(({ order }) => order));
      return pagedList(
        found.orders.map(({ order, attributes }) => glomopayOrder(order, attributes, documents.get(order.id))),
        asked,
        found.count,
      );
    },
  );
}
