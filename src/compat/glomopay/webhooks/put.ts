import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createEndpoint, deleteEndpoint, getEndpoint, updateEndpoint } from '../../../services/webhook-endpoints.js';
import { errors } from '../schema.js';
import { GLOMOPAY_FORMAT, GLOMOPAY_ORDER_EVENTS } from './format.js';
import { accountWebhook, GlomopayWebhook, TAG_WEBHOOKS, WEBHOOK_PATH, webhookJson } from './schema.js';

/**
 * Payorders' own stand-in for Glomopay's dashboard page (Settings > API & Webhooks), where a Glomopay
 * merchant enters its webhook URL and secret: sets the account's one webhook (per mode), and with `secret`
 * the secret it is signed with (a new random one otherwise, answered here and on GET). A new secret starts
 * a new webhook: the old one's delivery log goes with it.
 */
export default function registerPutWebhook(app: App, services: Services) {
  app.put(
    WEBHOOK_PATH,
    {
      schema: {
        operationId: 'putWebhookSettings',
        tags: [TAG_WEBHOOKS],
        summary: "Set the account's webhook URL and secret (the dashboard's Settings > API & Webhooks)",
        body: Type.Object({
          url: Type.String({ minLength: 1, maxLength: 2048, description: 'https; http only for test-mode keys on servers that allow it' }),
          secret: Type.Optional(Type.String({ minLength: 16, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: '16 to 128 visible ASCII characters' })),
        }),
        response: { 200: GlomopayWebhook, ...errors(400, 401, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { url, secret } = req.body;
        const { clock, config } = services;
        // Every event the face sends: a webhook set before some of them existed gets them with its next PUT.
        const events = Object.keys(GLOMOPAY_ORDER_EVENTS);
        let existing = await accountWebhook(tx, req.actor);
        if (existing && secret !== undefined && secret !== existing.secret) {
          await deleteEndpoint(tx, req.actor, existing.id);
          existing = undefined;
        }
        const json = existing
          ? await updateEndpoint(tx, clock, config.webhooks, req.actor, existing.id, { url, status: 'enabled', enabled_events: events })
          : await createEndpoint(tx, clock, config.webhooks, req.actor, { url, enabled_events: events }, GLOMOPAY_FORMAT, secret);
        const endpoint = await getEndpoint(tx, req.actor, (JSON.parse(json) as { id: string }).id);
        return { status: 200, body: JSON.stringify(webhookJson(endpoint)) };
      }),
  );
}
