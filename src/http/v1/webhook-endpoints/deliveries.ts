import { Type } from '@sinclair/typebox';
import { getDelivery, listEndpointDeliveries } from '../../../services/webhook-deliveries.js';
import { getEndpoint } from '../../../services/webhook-endpoints.js';
import { webhookDeliveryView } from '../../../services/webhook-views.js';
import type { App, Services } from '../../context.js';
import { IdParams, listOf, PageQuery, problems, StringEnum } from '../../schemas.js';
import { listBody, pageFromCursor } from '../../write.js';
import { WebhookDelivery } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerListWebhookDeliveries(app: App, services: Services) {
  app.get(
    '/v1/webhook_endpoints/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['Webhooks'],
        summary: "An endpoint's deliveries, newest first: status, attempts, the last attempt's answer and the next retry",
        params: IdParams,
        querystring: Type.Object(
          {
            limit: PageQuery.limit,
            starting_after: PageQuery.starting_after,
            ending_before: PageQuery.ending_before,
            status: Type.Optional(StringEnum(['pending', 'delivered', 'failed'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(WebhookDelivery), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const endpoint = await getEndpoint(services.db, req.actor, req.params.id);
      // A delivery to another endpoint is none of this list's.
      const page = await pageFromCursor('webhookDelivery', req.query, async (id) => (await getDelivery(services.db, req.actor, id)).endpointId === endpoint.id);
      const rows = await listEndpointDeliveries(services.db, req.actor, req.params.id, req.query.status, page);
      return listBody(req, rows, page, webhookDeliveryView);
    },
  );
}
