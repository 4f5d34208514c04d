import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { cancelOrder } from '../../../services/orders.js';
import { CancellationReason, Order } from './schema.js';

export default function registerCancelOrder(app: App, services: Services) {
  app.post(
    '/v1/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        tags: ['Orders'],
        summary: 'Cancel an order that has not been paid',
        description: 'Allowed while the order is open, requires_action or under_review; otherwise 409.',
        params: IdParams,
        body: Type.Object({ cancellation_reason: Type.Optional(CancellationReason) }, { additionalProperties: false, examples: [{ cancellation_reason: 'requested_by_customer' }] }),
        response: { 200: Order, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { json } = await cancelOrder(tx, services.clock, req.actor, req.params.id, req.body.cancellation_reason);
        return { status: 200, body: json };
      }),
  );
}
