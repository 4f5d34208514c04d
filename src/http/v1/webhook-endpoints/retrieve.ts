import { getEndpoint } from '../../../services/webhook-endpoints.js';
import { webhookEndpointView } from '../../../services/webhook-views.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { WebhookEndpoint } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerRetrieveWebhookEndpoint(app: App, services: Services) {
  app.get(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        operationId: 'retrieveWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Retrieve a webhook endpoint (without its secret)',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: WebhookEndpoint, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return webhookEndpointView(await getEndpoint(services.db, req.actor, req.params.id));
    },
  );
}
