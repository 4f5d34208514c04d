import { Type } from '@sinclair/typebox';
import { redeliverEvent } from '../../../services/webhook-deliveries.js';
import type { App, Services } from '../../context.js';
import { IdParams, listOf, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { WebhookDelivery } from '../webhook-endpoints/schema.js';
import { requireMerchantWide } from './schema.js';

export default function registerRedeliverEvent(app: App, services: Services) {
  app.post(
    '/v1/events/:id/redeliver',
    {
      schema: {
        operationId: 'redeliverEvent',
        tags: ['Webhooks'],
        summary: 'Send an event again to the webhook endpoints that subscribe to it, or to one',
        description:
          'Every endpoint of this mode whose enabled_events match the event now (endpoints created after it included), or ' +
          'only `endpoint`, gets the event again within a second, with the same webhook-id. Answers the deliveries queued.',
        params: IdParams,
        body: Type.Object({ endpoint: Type.Optional(Type.String({ maxLength: 64, description: 'we_…: only this endpoint' })) }, { additionalProperties: false, examples: [{}] }),
        response: { 200: listOf(WebhookDelivery), ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({
        status: 200,
        body: await redeliverEvent(tx, services.clock, req.actor, req.params.id, req.body.endpoint),
      }));
    },
  );
}
