import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { withEvents } from '../../../services/face-webhooks.js';
import { getDelivery, retryDelivery } from '../../../services/webhook-deliveries.js';
import { bindObject, invalid, list, modelSchema, text, type Model } from '../binding.js';
import { errors } from '../schema.js';
import { paybyrdDelivery } from './attempts.js';
import { TAG_WEBHOOKS, Webhook, webhookJson } from './schema.js';

const RESEND: Model = { ids: list(text(64), { maxItems: 100 }), url: text(2048) };

export default function registerResendWebhooks(app: App, services: Services) {
  app.post(
    '/api/v1/webhooks/resend',
    {
      schema: {
        operationId: 'webhooks-resend',
        tags: [TAG_WEBHOOKS],
        summary: 'Send webhooks again',
        description:
          'Each webhook named is sent again within a second, to its subscription\'s URL, with the same id (one more attempt for a failed one, a repeat for a delivered one). ' +
          '`url` (sending elsewhere) is not supported yet: 400.',
        body: modelSchema(RESEND, 'Resend'),
        response: { 200: Type.Object({ data: Type.Array(Webhook) }), ...errors(400, 401, 404, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const body = bindObject(RESEND, req.body) as { ids?: string[]; url?: string };
        if (!body.ids?.length) throw invalid('/ids', 'missing', 'must name at least one webhook');
        if (body.url !== undefined) throw invalid('/url', 'not_supported', 'is not supported yet: webhooks are sent again to their settings\' url');
        const resent = [];
        for (const id of new Set(body.ids)) {
          const delivery = await paybyrdDelivery(tx, req.actor, id);
          await retryDelivery(tx, services.clock, req.actor, delivery.id);
          resent.push(await getDelivery(tx, req.actor, delivery.id));
        }
        const webhooks = await withEvents(tx, req.actor, resent);
        return { status: 200, body: JSON.stringify({ data: webhooks.map(webhookJson) }) };
      }),
  );
}
