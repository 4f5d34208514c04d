import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { getPayment } from '../../../services/payments.js';
import { refundedOf } from '../../../services/refunds.js';
import { paymentView } from '../../../services/views.js';
import { PAYMENT_TAG, RetrievedPayment } from './schema.js';

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
        description: 'The payment, with `amount_refunded` (its succeeded refunds) and `refunded` (all it received went back); the list and the events leave these out.',
        response: { 200: RetrievedPayment, ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const payment = await getPayment(services.db, req.actor, req.params.id);
      return { ...paymentView(payment), ...(await refundedOf(services.db, payment)) };
    },
  );
}
