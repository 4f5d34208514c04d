import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { decodeId } from '../../../domain/ids.js';
import { checkoutKeyStreamActor, EventFeed, orderStreamStart, type StoredEvent } from '../../../services/event-feed.js';
import { getOrder } from '../../../services/orders.js';
import { eventView } from '../../../services/views.js';
import type { App, Services } from '../../context.js';
import { EventStreams } from '../../event-stream.js';
import { IdParams } from '../../schemas.js';

const StreamQuery = Type.Object(
  { checkout_key: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "The order's checkout key, for its payment page" })) },
  { additionalProperties: false },
);

/**
 * Server-sent events of one order's changes, for payment pages and for merchants who prefer a stream to
 * webhooks: each message is an event as GET /v1/events/{id} shows it (`id:` its id, `event:` its type).
 * A new stream starts with the order's latest event (its state now); `Last-Event-ID` (sent by
 * EventSource when it reconnects) resumes after that event instead. Who may read the order may follow
 * it: API keys, owners, and store or branch users for the orders of their store or branch; and a payment
 * page with the order's checkout key in `?checkout_key=` (a browser's EventSource sends no Authorization
 * header), which opens this order's stream and no other's.
 *
 * Not in the OpenAPI document: a response that never ends is no operation its clients (or the fuzzer
 * that reads every documented one to its end) can call. The README documents it.
 */
export default function registerOrderEventStream(app: App, services: Services) {
  const feed = new EventFeed(services.db, services.config.streamPollMs, (err) => app.log.error({ err }, 'event stream poll failed'));
  // A stream ends before the server closes: its client reconnects, to another node, with Last-Event-ID.
  const streams = new EventStreams(app, services.config.streamHeartbeatMs);
  // Runs before validation: anything but one checkout_key (none, or it repeated) needs an Authorization header.
  const authenticate = (req: FastifyRequest) => {
    const key = (req.query as { checkout_key?: unknown }).checkout_key;
    if (req.headers.authorization !== undefined || typeof key !== 'string') return services.auth.authenticate(req.headers.authorization);
    return checkoutKeyStreamActor(services.db, key, (req.params as { id: string }).id);
  };

  app.get(
    '/v1/orders/:id/events/stream',
    { config: { authenticate }, schema: { hide: true, params: IdParams, querystring: StreamQuery } },
    async (req, reply) => {
      const order = await getOrder(services.db, req.actor, req.params.id);
      const header = req.headers['last-event-id'];
      const { first, known } = await orderStreamStart(services.db, order, typeof header === 'string' ? decodeId('event', header.trim()) : null);

      return streams.send(reply, 'no-cache, no-transform', (stream) => {
        const write = (events: StoredEvent[]) => {
          for (const event of events) {
            const view = eventView(event);
            stream.write(`id: ${view.id}\nevent: ${view.type}\ndata: ${JSON.stringify(view)}\n\n`);
          }
        };
        write(first);
        return { beat: () => stream.write(': heartbeat\n\n'), stop: feed.subscribe(order.merchantId, order.id, known, write) };
      });
    },
  );
}
