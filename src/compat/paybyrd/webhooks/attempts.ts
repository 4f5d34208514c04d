import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../domain/actor.js';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { getFaceEndpoint } from '../../../services/face-webhooks.js';
import { getDelivery, listDeliveryAttempts } from '../../../services/webhook-deliveries.js';
import type { Queryable } from '../../../store/db.js';
import { errors } from '../schema.js';
import { PAYBYRD_FORMAT } from './format.js';
import { Attempt, attemptJson, FACE, pageOf, sendPage, TAG_WEBHOOKS, WebhookIdParams } from './schema.js';

export const WEBHOOK_NOT_FOUND = 'Webhook not found';

/** A webhook of one of the caller's Paybyrd subscriptions; any other delivery (a /v1 endpoint's) is not found. */
export async function paybyrdDelivery(db: Queryable, actor: Actor, id: string) {
  const delivery = await getDelivery(db, actor, id).catch(() => {
    throw new AppError('resource_missing', WEBHOOK_NOT_FOUND);
  });
  await getFaceEndpoint(db, actor, FACE, PAYBYRD_FORMAT, delivery.endpointId, WEBHOOK_NOT_FOUND);
  return delivery;
}

export default function registerListAttempts(app: App, services: Services) {
  app.get(
    '/api/v1/webhooks/:id/attempts',
    {
      schema: {
        operationId: 'webhooks-attempts',
        tags: [TAG_WEBHOOKS],
        summary: "A webhook's attempts",
        description: 'Newest first, paged by x-page and x-page-size like the webhooks; each with what the receiver answered.',
        params: WebhookIdParams,
        response: { 200: Type.Object({ data: Type.Array(Attempt) }), ...errors(401, 404, 429) },
      },
    },
    async (req, reply) => {
      const delivery = await paybyrdDelivery(services.db, req.actor, req.params.id);
      const attempts = await listDeliveryAttempts(services.db, req.actor, delivery.id);
      return sendPage(reply, pageOf(req), attempts.map((a) => attemptJson(delivery, a)));
    },
  );
}
