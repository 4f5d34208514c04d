import { Type } from '@sinclair/typebox';
import { createEndpoint } from '../../../services/webhook-endpoints.js';
import type { App, Services } from '../../context.js';
import { Metadata, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { EnabledEvents, EndpointDescription, EndpointUrl, WebhookEndpointWithSecret } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerCreateWebhookEndpoint(app: App, services: Services) {
  app.post(
    '/v1/webhook_endpoints',
    {
      schema: {
        operationId: 'createWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Create a webhook endpoint',
        description:
          'Events of the types named are POSTed to the URL, signed per Standard Webhooks with the `secret` this answer ' +
          'carries (shown here only). Live endpoints must use https and public addresses; test endpoints may point at ' +
          'http and local receivers unless the operator says otherwise.',
        body: Type.Object(
          { url: EndpointUrl, enabled_events: EnabledEvents, description: Type.Optional(EndpointDescription), metadata: Type.Optional(Metadata) },
          { additionalProperties: false, examples: [{ url: 'https://shop.example.com/hooks/payorders', enabled_events: ['order.paid', 'payment.*'], description: 'Orders to the ERP' }] },
        ),
        response: { 201: WebhookEndpointWithSecret, ...problems(...WRITE_PROBLEMS, 403) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({
        status: 201,
        body: await createEndpoint(tx, services.clock, services.config.webhooks, req.actor, req.body),
      }));
    },
  );
}
