import { Type } from '@sinclair/typebox';
import { updateEndpoint } from '../../../services/webhook-endpoints.js';
import type { App, Services } from '../../context.js';
import { IdParams, MetadataUpdate, problems, StringEnum, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { EnabledEvents, EndpointDescription, EndpointUrl, WebhookEndpoint } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerUpdateWebhookEndpoint(app: App, services: Services) {
  app.post(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        operationId: 'updateWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Update a webhook endpoint: its URL, events, description, metadata, or enable or disable it',
        description:
          'A disabled endpoint (by you, by a 410 answer, or after days of failures) keeps its events queued; enabling it ' +
          'again sends them, oldest first.',
        params: IdParams,
        body: Type.Object(
          {
            url: Type.Optional(EndpointUrl),
            enabled_events: Type.Optional(EnabledEvents),
            description: Type.Optional(EndpointDescription),
            metadata: Type.Optional(MetadataUpdate),
            status: Type.Optional(StringEnum(['enabled', 'disabled'] as const)),
          },
          { additionalProperties: false, examples: [{ enabled_events: ['order.*'], status: 'enabled' }] },
        ),
        response: { 200: WebhookEndpoint, ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({
        status: 200,
        body: await updateEndpoint(tx, services.clock, services.config.webhooks, req.actor, req.params.id, req.body),
      }));
    },
  );
}
