import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPreparedWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { askToCancelPayment, recordCancellation } from '../../../services/payments.js';
import { Payment, PAYMENT_TAG } from './schema.js';

export default function registerCancelPayment(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/payments/:id/cancel',
    {
      schema: {
        operationId: 'cancelPayment',
        tags: [PAYMENT_TAG],
        summary: 'Cancel a payment that has not been paid',
        description:
          'Allowed while the payment is pending or processing, or a card payment requires_action or requires_capture (an authorisation is voided): ' +
          'the provider cancels its charge first. 409 when the payment is settled, ' +
          'or the provider says it was paid meanwhile (the money is then recorded); 503 when the provider could not confirm.',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false, examples: [{}] }),
        response: { 200: Payment, ...problems(...WRITE_PROBLEMS, 404, 503) },
      },
    },
    (req, reply) =>
      sendPreparedWrite(
        services,
        req,
        reply,
        () => askToCancelPayment(services.db, deps, req.actor, req.params.id),
        async (tx) => ({ status: 200, body: (await recordCancellation(tx, deps, req.actor, req.params.id)).json }),
        // A charge canceled at the provider stays canceled: there is nothing to undo.
        async () => {},
      ),
  );
}
