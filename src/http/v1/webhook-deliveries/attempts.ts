import { Type } from '@sinclair/typebox';
import { listDeliveryAttempts } from '../../../services/webhook-deliveries.js';
import { webhookAttemptView } from '../../../services/webhook-views.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { requireMerchantWide } from '../events/schema.js';
import { WebhookAttempt } from '../webhook-endpoints/schema.js';

export default function registerListWebhookAttempts(app: App, services: Services) {
  app.get(
    '/v1/webhook_deliveries/:id/attempts',
    {
      schema: {
        operationId: 'listWebhookAttempts',
        tags: ['Webhooks'],
        summary: "A delivery's attempts, newest first (the latest 100): when, the answer's status or why there was none, latency, the first 1 KB",
        params: IdParams,
        querystring: NoQuery,
        response: {
          200: Type.Object({ object: Type.Literal('list'), data: Type.Array(WebhookAttempt), has_more: Type.Boolean(), url: Type.String() }),
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const attempts = await listDeliveryAttempts(services.db, req.actor, req.params.id);
      return { object: 'list' as const, data: attempts.map((a) => ({ attempt: a.attempt, ...webhookAttemptView(a) })), has_more: false, url: req.url.split('?')[0]! };
    },
  );
}
