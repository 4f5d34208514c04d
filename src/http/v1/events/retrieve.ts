import { AppError } from '../../../domain/errors.js';
import { decodeId } from '../../../domain/ids.js';
import { findEvent } from '../../../store/events.sql.js';
import { eventView } from '../../../services/views.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { Event, requireMerchantWide } from './schema.js';

export default function registerRetrieveEvent(app: App, services: Services) {
  app.get(
    '/v1/events/:id',
    {
      schema: {
        operationId: 'retrieveEvent',
        tags: ['Events'],
        summary: 'Retrieve an event',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: Event, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const uuid = decodeId('event', req.params.id);
      const event = uuid && (await findEvent(services.db, req.actor.merchantId, uuid));
      if (!event || event.livemode !== req.actor.livemode) throw AppError.notFound('event', req.params.id);
      return eventView(event);
    },
  );
}
