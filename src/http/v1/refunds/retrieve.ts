import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { getRefund, refundView } from '../../../services/refunds.js';
import { Refund, REFUND_TAG } from './schema.js';

export default function registerRetrieveRefund(app: App, services: Services) {
  app.get(
    '/v1/refunds/:id',
    {
      schema: {
        operationId: 'retrieveRefund',
        tags: [REFUND_TAG],
        summary: 'Retrieve a refund',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: Refund, ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => refundView(await getRefund(services.db, req.actor, req.params.id)),
  );
}
