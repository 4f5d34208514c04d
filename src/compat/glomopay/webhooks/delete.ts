import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { deleteEndpoint } from '../../../services/webhook-endpoints.js';
import { errors } from '../schema.js';
import { accountWebhook, TAG_WEBHOOKS, WEBHOOK_NOT_FOUND, WEBHOOK_PATH } from './schema.js';

export default function registerDeleteWebhook(app: App, services: Services) {
  app.delete(
    WEBHOOK_PATH,
    {
      schema: {
        operationId: 'deleteWebhookSettings',
        tags: [TAG_WEBHOOKS],
        summary: "Remove the account's webhook (its delivery log goes with it)",
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(401, 404, 429) },
      },
    },
    async (req, reply) => {
      await services.db.transaction(async (tx) => {
        const endpoint = await accountWebhook(tx, req.actor);
        if (!endpoint) throw new AppError('resource_missing', WEBHOOK_NOT_FOUND);
        await deleteEndpoint(tx, req.actor, endpoint.id);
      });
      return reply.code(204).send();
    },
  );
}
