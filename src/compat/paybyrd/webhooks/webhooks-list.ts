import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listFaceDeliveries, listFaceEndpoints } from '../../../services/face-webhooks.js';
import { errors } from '../schema.js';
import { PAYBYRD_FORMAT } from './format.js';
import { FACE, pageOf, sendPage, TAG_WEBHOOKS, Webhook, webhookJson } from './schema.js';

/** The log reaches back this many webhooks per subscription (the newest). */
export const LOG_DEPTH = 1000;

export default function registerListWebhooks(app: App, services: Services) {
  app.get(
    '/api/v1/webhooks',
    {
      schema: {
        operationId: 'webhooks-list',
        tags: [TAG_WEBHOOKS],
        summary: 'List webhooks sent',
        description:
          `Every subscription's webhooks, newest first (the newest ${LOG_DEPTH} of each), paged by the request headers x-page (from 1) and x-page-size (default 20, at most 100); ` +
          'the answer says where it is in x-current-page, x-page-size, x-page-count and x-total-item-count. `referenceId`: only those of that order or transaction.',
        querystring: Type.Object({ referenceId: Type.Optional(Type.String({ maxLength: 64, description: 'An orderId or transactionId' })) }),
        response: { 200: Type.Object({ data: Type.Array(Webhook) }), ...errors(401, 429) },
      },
    },
    async (req, reply) => {
      const endpoints = (await listFaceEndpoints(services.db, req.actor, FACE, PAYBYRD_FORMAT)).map((e) => e.endpoint);
      const reference = req.query.referenceId?.toLowerCase();
      const webhooks = (await listFaceDeliveries(services.db, req.actor, endpoints, LOG_DEPTH))
        .map(webhookJson)
        .filter((w) => reference === undefined || w.referenceId === reference || w.transactionId === reference);
      return sendPage(reply, pageOf(req), webhooks);
    },
  );
}
