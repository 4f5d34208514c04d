import type { App, Services } from '../../context.js';
import { IdParams, listOf, PageQuery, problems } from '../../schemas.js';
import { Type } from '@sinclair/typebox';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { retrieveOrder } from '../../../services/orders.js';
import { getPayment, listPayments } from '../../../services/payments.js';
import { paymentView } from '../../../services/views.js';
import { Payment, PAYMENT_TAG } from './schema.js';

export default function registerListOrderPayments(app: App, services: Services) {
  app.get(
    '/v1/orders/:id/payments',
    {
      schema: {
        operationId: 'listOrderPayments',
        tags: [PAYMENT_TAG],
        summary: "List an order's payments, newest first",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: listOf(Payment), ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => {
      // The order first: one the caller cannot see answers 404, not an empty list.
      const order = await retrieveOrder(services.db, req.actor, req.params.id);
      // A payment of another order is none of this list's.
      const page = await pageFromCursor('payment', req.query, async (id) => (await getPayment(services.db, req.actor, id)).orderId === order.id);
      const rows = await listPayments(services.db, req.actor, { order: req.params.id, ...createdRange(req.query) }, page);
      return listBody(req, rows, page, paymentView);
    },
  );
}
