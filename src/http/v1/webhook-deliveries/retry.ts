import { Type } from '@sinclair/typebox';
import { retryDelivery } from '../../../services/webhook-deliveries.js';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { WebhookDelivery } from '../webhook-endpoints/schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerRetryWebhookDelivery(app: App, services: Services) {
  app.post(
    '/v1/webhook_deliveries/:id/retry',
    {
      schema: {
        operationId: 'retryWebhookDelivery',
        tags: ['Webhooks'],
        summary: 'Attempt a delivery again now',
        description:
          'The delivery is made due at once and sent by the next pass of the sender (within a second), with the same ' +
          'webhook-id: one more attempt for a failed one, an earlier one for a pending one, a repeat for a delivered one. ' +
          'An endpoint that is disabled keeps it queued until enabled.',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false, examples: [{}] }),
        response: { 200: WebhookDelivery, ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({ status: 200, body: await retryDelivery(tx, services.clock, req.actor, req.params.id) }));
    },
  );
}
