import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { deleteEndpoint } from '../../../services/webhook-endpoints.js';
import { errors } from '../schema.js';
import { accountEndpoint, TAG_WEBHOOKS } from './schema.js';

export default function registerDeleteWebhook(app: App, services: Services) {
  app.delete(
    '/api/webhooks',
    {
      schema: {
        operationId: 'deleteWebhook',
        tags: [TAG_WEBHOOKS],
        summary: "Remove the account's webhook (its delivery log goes with it)",
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(401, 404, 429) },
      },
    },
    async (req, reply) => {
      await services.db.transaction(async (tx) => {
        const endpoint = await accountEndpoint(tx, req.actor);
        if (!endpoint) throw new AppError('resource_missing', 'Webhook not found');
        await deleteEndpoint(tx, req.actor, endpoint.id);
      });
      return reply.code(204).send();
    },
  );
}
