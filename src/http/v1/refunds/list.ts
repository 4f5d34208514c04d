import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { getRefund, listRefunds, refundView } from '../../../services/refunds.js';
import { Refund, REFUND_TAG, RefundStatus } from './schema.js';

export default function registerListRefunds(app: App, services: Services) {
  app.get(
    '/v1/refunds',
    {
      schema: {
        operationId: 'listRefunds',
        tags: [REFUND_TAG],
        summary: 'List refunds, newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            payment: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this payment's refunds" })),
            order: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only the refunds of this order's payments" })),
            status: Type.Optional(Type.Array(RefundStatus, { description: 'Repeat to match any of several' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Refund), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = await pageFromCursor('refund', req.query, (id) => getRefund(services.db, req.actor, id));
      const filters = { payment: req.query.payment, order: req.query.order, status: req.query.status, ...createdRange(req.query) };
      return listBody(req, await listRefunds(services.db, req.actor, filters, page), page, refundView);
    },
  );
}
