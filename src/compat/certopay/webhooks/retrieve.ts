import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { webhookEndpointView } from '../../../services/webhook-views.js';
import { errors } from '../schema.js';
import { accountEndpoint, CertoPayWebhook, TAG_WEBHOOKS, webhookJson } from './schema.js';

export default function registerRetrieveWebhook(app: App, services: Services) {
  app.get(
    '/api/webhooks',
    {
      schema: {
        operationId: 'getWebhook',
        tags: [TAG_WEBHOOKS],
        summary: "The account's webhook",
        description: '404 when none was set.',
        response: { 200: CertoPayWebhook, ...errors(401, 404, 429) },
      },
    },
    async (req) => {
      const endpoint = await accountEndpoint(services.db, req.actor);
      if (!endpoint) throw new AppError('resource_missing', 'Webhook not found');
      return webhookJson(webhookEndpointView(endpoint));
    },
  );
}
