import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { getPayment, listPayments } from '../../../services/payments.js';
import { paymentView } from '../../../services/views.js';
import { PaymentMethod } from '../orders/schema.js';
import { Payment, PAYMENT_TAG, PaymentStatus } from './schema.js';

export default function registerListPayments(app: App, services: Services) {
  app.get(
    '/v1/payments',
    {
      schema: {
        operationId: 'listPayments',
        tags: [PAYMENT_TAG],
        summary: 'List payments, newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            order: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this order's payments" })),
            status: Type.Optional(Type.Array(PaymentStatus, { description: 'Repeat to match any of several' })),
            method: Type.Optional(Type.Array(PaymentMethod, { description: 'Repeat to match any of several' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Payment), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = await pageFromCursor('payment', req.query, (id) => getPayment(services.db, req.actor, id));
      const filters = { order: req.query.order, status: req.query.status, method: req.query.method, ...createdRange(req.query) };
      return listBody(req, await listPayments(services.db, req.actor, filters, page), page, paymentView);
    },
  );
}
