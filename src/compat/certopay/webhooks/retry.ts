import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { getDelivery, retryDelivery } from '../../../services/webhook-deliveries.js';
import { errors } from '../schema.js';
import { accountEndpoint, TAG_WEBHOOKS } from './schema.js';

export default function registerRetryWebhookDelivery(app: App, services: Services) {
  app.post(
    '/api/webhooks/deliveries/:deliveryId/retry',
    {
      schema: {
        operationId: 'retryWebhookDelivery',
        tags: [TAG_WEBHOOKS],
        summary: 'Send a delivery again now',
        description: 'Made due at once and sent within a second, with the same webhook-id: one more attempt for a failed one, a repeat for a delivered one.',
        params: Type.Object({ deliveryId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Object({ success: Type.Boolean(), deliveryId: Type.String({ format: 'uuid' }), message: Type.String() }), ...errors(401, 404, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const endpoint = await accountEndpoint(tx, req.actor);
        const delivery = await getDelivery(tx, req.actor, req.params.deliveryId);
        if (delivery.endpointId !== endpoint?.id) throw new AppError('resource_missing', 'Delivery not found');
        await retryDelivery(tx, services.clock, req.actor, delivery.id);
        return { status: 200, body: JSON.stringify({ success: true, deliveryId: delivery.id, message: 'Delivery queued for retry' }) };
      }),
  );
}
