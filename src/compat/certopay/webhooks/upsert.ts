import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createEndpoint, updateEndpoint } from '../../../services/webhook-endpoints.js';
import { errors } from '../schema.js';
import { CERTOPAY_EVENTS, CERTOPAY_FORMAT } from './format.js';
import { accountEndpoint, CertoPayWebhook, TAG_WEBHOOKS, webhookJson } from './schema.js';

/**
 * Sets the account's one webhook URL: creates it (answering its signing secret, this once) or changes it,
 * enabling it again if it had been disabled. It receives every transaction event.
 */
export default function registerUpsertWebhook(app: App, services: Services) {
  app.post(
    '/api/webhooks/upsert',
    {
      schema: {
        operationId: 'upsertWebhook',
        tags: [TAG_WEBHOOKS],
        summary: "Set the account's webhook URL",
        body: Type.Object({ url: Type.String({ minLength: 1, maxLength: 2048, description: 'https; http only for test-mode keys on servers that allow it' }) }),
        response: { 200: CertoPayWebhook, ...errors(400, 401, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const existing = await accountEndpoint(tx, req.actor);
        const json = existing
          ? await updateEndpoint(tx, services.clock, services.config.webhooks, req.actor, existing.id, { url: req.body.url, status: 'enabled' })
          : await createEndpoint(tx, services.clock, services.config.webhooks, req.actor, { url: req.body.url, enabled_events: Object.keys(CERTOPAY_EVENTS) }, CERTOPAY_FORMAT);
        return { status: 200, body: JSON.stringify(webhookJson(JSON.parse(json))) };
      }),
  );
}
