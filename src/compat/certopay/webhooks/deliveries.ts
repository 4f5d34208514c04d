import { Type } from '@sinclair/typebox';
import type { DeliveryStatus } from '../../../domain/webhooks.js';
import type { App, Services } from '../../../http/context.js';
import { listEndpointDeliveries } from '../../../services/webhook-deliveries.js';
import { errors, LIST_LIMIT } from '../schema.js';
import { CERTOPAY_EVENTS } from './format.js';
import { accountEndpoint, CertoPayDelivery, deliveryJson, DELIVERY_STATUSES, TAG_WEBHOOKS } from './schema.js';

const BY_CERTOPAY_STATUS = Object.fromEntries(Object.entries(DELIVERY_STATUSES).map(([ours, theirs]) => [theirs, ours as DeliveryStatus]));

export default function registerListWebhookDeliveries(app: App, services: Services) {
  app.get(
    '/api/webhooks/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: [TAG_WEBHOOKS],
        summary: "The account webhook's deliveries, newest first",
        description: `A bare array of the ${LIST_LIMIT} newest matching deliveries; empty when no webhook is set.`,
        querystring: Type.Object({
          status: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: Object.values(DELIVERY_STATUSES) })),
          event: Type.Optional(Type.String({ maxLength: 100, description: 'transaction.paid, …' })),
        }),
        response: { 200: Type.Array(CertoPayDelivery), ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const endpoint = await accountEndpoint(services.db, req.actor);
      if (!endpoint) return [];
      const status = req.query.status === undefined ? undefined : BY_CERTOPAY_STATUS[req.query.status];
      const deliveries = await listEndpointDeliveries(services.db, req.actor, endpoint.id, status, { limit: LIST_LIMIT });
      const { event } = req.query;
      return deliveries.filter((d) => event === undefined || (CERTOPAY_EVENTS[d.eventType] ?? d.eventType) === event).map(deliveryJson);
    },
  );
}
