import { Type } from '@sinclair/typebox';
import { getEndpoint, listEndpoints } from '../../../services/webhook-endpoints.js';
import { webhookEndpointView } from '../../../services/webhook-views.js';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { listBody, pageFromCursor } from '../../write.js';
import { WebhookEndpoint } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerListWebhookEndpoints(app: App, services: Services) {
  app.get(
    '/v1/webhook_endpoints',
    {
      schema: {
        operationId: 'listWebhookEndpoints',
        tags: ['Webhooks'],
        summary: 'List webhook endpoints, newest first',
        querystring: Type.Object(
          { limit: PageQuery.limit, starting_after: PageQuery.starting_after, ending_before: PageQuery.ending_before },
          { additionalProperties: false },
        ),
        response: { 200: listOf(WebhookEndpoint), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const page = await pageFromCursor('webhookEndpoint', req.query, (id) => getEndpoint(services.db, req.actor, id));
      return listBody(req, await listEndpoints(services.db, req.actor, page), page, webhookEndpointView);
    },
  );
}
