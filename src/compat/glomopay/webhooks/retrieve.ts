import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { errors } from '../schema.js';
import { accountWebhook, GlomopayWebhook, TAG_WEBHOOKS, WEBHOOK_NOT_FOUND, WEBHOOK_PATH, webhookJson } from './schema.js';

export default function registerRetrieveWebhook(app: App, services: Services) {
  app.get(
    WEBHOOK_PATH,
    {
      schema: {
        operationId: 'getWebhookSettings',
        tags: [TAG_WEBHOOKS],
        summary: "The account's webhook URL and secret",
        response: { 200: GlomopayWebhook, ...errors(401, 404, 429) },
      },
    },
    async (req) => {
      const endpoint = await accountWebhook(services.db, req.actor);
      if (!endpoint) throw new AppError('resource_missing', WEBHOOK_NOT_FOUND);
      return webhookJson(endpoint);
    },
  );
}
