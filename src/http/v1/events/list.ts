import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { decodeId, ID_PREFIXES, type IdKind } from '../../../domain/ids.js';
import { EVENT_TYPE_PATTERN } from '../../../domain/webhooks.js';
import { findEvent, listEvents } from '../../../store/events.sql.js';
import { eventView } from '../../../services/views.js';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { Event, requireMerchantWide } from './schema.js';

const OBJECT_KINDS: IdKind[] = ['order', 'customer', 'payment', 'refund'];

export default function registerListEvents(app: App, services: Services) {
  app.get(
    '/v1/events',
    {
      schema: {
        operationId: 'listEvents',
        tags: ['Events'],
        summary: 'List events (the outbox), newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            type: Type.Optional(Type.Array(Type.String({ pattern: EVENT_TYPE_PATTERN, maxLength: 100 }), { description: 'Repeat to match any of several; payment.* matches every type under payment, * every type' })),
            object: Type.Optional(Type.String({ maxLength: 64, description: 'Only events about this object (ord_…, cus_…, pay_…, re_…)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Event), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const page = await pageFromCursor('event', req.query, async (id) => {
        const uuid = decodeId('event', id);
        const event = uuid && (await findEvent(services.db, req.actor.merchantId, uuid));
        return event && event.livemode === req.actor.livemode;
      });
      const rows = await listEvents(
        services.db,
        {
          merchantId: req.actor.merchantId,
          livemode: req.actor.livemode,
          types: req.query.type,
          objectId: req.query.object === undefined ? undefined : objectUuid(req.query.object),
          ...createdRange(req.query),
        },
        page,
      );
      return listBody(req, rows, page, eventView);
    },
  );
}

function objectUuid(id: string): string {
  const kind = OBJECT_KINDS.find((k) => id.startsWith(`${ID_PREFIXES[k]}_`)) ?? 'order';
  const uuid = decodeId(kind, id);
  if (!uuid) throw new AppError('validation_error', 'object is not a valid id', [{ path: '/object', in: 'query', code: 'invalid_id', message: 'is not a valid id' }]);
  return uuid;
}
