import { Type } from '@sinclair/typebox';
import { deleteEndpoint } from '../../../services/webhook-endpoints.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerDeleteWebhookEndpoint(app: App, services: Services) {
  app.delete(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        operationId: 'deleteWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Delete a webhook endpoint and its queued and past deliveries',
        params: IdParams,
        querystring: NoQuery,
        response: {
          200: Type.Object({ id: Type.String(), object: Type.Literal('webhook_endpoint'), deleted: Type.Literal(true) }, { additionalProperties: false }),
          ...problems(...WRITE_PROBLEMS, 403, 404),
        },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({ status: 200, body: await deleteEndpoint(tx, req.actor, req.params.id) }));
    },
  );
}
