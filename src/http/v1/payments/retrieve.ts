import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { getPayment } from '../../../services/payments.js';
import { paymentView } from '../../../services/views.js';
import { Payment, PAYMENT_TAG } from './schema.js';

export default function registerRetrievePayment(app: App, services: Services) {
  app.get(
    '/v1/payments/:id',
    {
      schema: {
        operationId: 'retrievePayment',
        tags: [PAYMENT_TAG],
        summary: 'Retrieve a payment',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: Payment, ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => paymentView(await getPayment(services.db, req.actor, req.params.id)),
  );
}
