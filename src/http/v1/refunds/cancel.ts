import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { cancelRefund, refundView } from '../../../services/refunds.js';
import { Refund, REFUND_TAG } from './schema.js';

export default function registerCancelRefund(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/refunds/:id/cancel',
    {
      schema: {
        operationId: 'cancelRefund',
        tags: [REFUND_TAG],
        summary: 'Cancel a refund the merchant has not sent (usdt_trc20)',
        description:
          'A refund that is requires_action (the merchant was to send it and has recorded no transaction) becomes canceled, and its amount ' +
          'may be refunded again. 409 invalid_state_transition for any other: a refund its provider was asked for cannot be called back.',
        params: IdParams,
        response: { 200: Refund, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) => sendWrite(services, req, reply, async (tx) => ({ status: 200, body: JSON.stringify(refundView(await cancelRefund(tx, deps, req.actor, req.params.id))) })),
  );
}
