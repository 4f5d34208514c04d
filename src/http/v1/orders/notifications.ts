import { Type } from '@sinclair/typebox';
import { NOTIFY_CHANNELS } from '../../../domain/payer-notifications.js';
import { listOrderNotifications, notificationView } from '../../../services/payer-notifications.js';
import type { App, Services } from '../../context.js';
import { IdParams, listOf, Livemode, NoQuery, Nullable, problems, StringEnum, Timestamp } from '../../schemas.js';

export const Notification = Type.Object(
  {
    id: Type.String({ description: 'ntf_…' }),
    object: Type.Literal('notification'),
    livemode: Livemode,
    order: Type.String({ description: 'ord_…' }),
    purpose: StringEnum(['payment_link', 'receipt'] as const, { description: 'payment_link: sent on creation; receipt: once paid' }),
    channel: StringEnum(NOTIFY_CHANNELS),
    recipient: Type.String({ description: 'Masked: a***@example.com, +55*********21' }),
    locale: Type.String({ description: 'The language it was written in (pt-BR, pt-PT, es-AR, en-US)' }),
    status: StringEnum(['pending', 'sending', 'sent', 'failed'] as const, { description: 'pending: waiting for its next attempt; failed: for good' }),
    attempts: Type.Integer(),
    next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
    last_error: Nullable(
      Type.String({ description: 'Why the last attempt failed: not_configured, smtp_<code>, smtp_unreachable, http_<status>, timeout, connection_failed, …' }),
    ),
    sent_at: Nullable(Type.String({ format: 'date-time' })),
    created_at: Timestamp,
  },
  { $id: 'Notification', additionalProperties: false },
);

export default function registerListOrderNotifications(app: App, services: Services) {
  app.get(
    '/v1/orders/:id/notifications',
    {
      schema: {
        operationId: 'listOrderNotifications',
        tags: ['Orders'],
        summary: "The messages sent to an order's payer (notify): channel, masked recipient, status, attempts; oldest first",
        params: IdParams,
        querystring: NoQuery,
        response: { 200: listOf(Notification), ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const messages = await listOrderNotifications(services.db, req.actor, req.params.id);
      return { object: 'list' as const, data: messages.map(notificationView), has_more: false, url: req.url.split('?')[0]! };
    },
  );
}
