import { getDelivery } from '../../../services/webhook-deliveries.js';
import { webhookDeliveryView } from '../../../services/webhook-views.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { WebhookDelivery } from '../webhook-endpoints/schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerRetrieveWebhookDelivery(app: App, services: Services) {
  app.get(
    '/v1/webhook_deliveries/:id',
    {
      schema: {
        operationId: 'retrieveWebhookDelivery',
        tags: ['Webhooks'],
        summary: 'Retrieve a webhook delivery',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: WebhookDelivery, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return webhookDeliveryView(await getDelivery(services.db, req.actor, req.params.id));
    },
  );
}
