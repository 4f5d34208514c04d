import { PassThrough } from 'node:stream';
import { decodeId } from '../../../domain/ids.js';
import { EventFeed, orderStreamStart, type StoredEvent } from '../../../services/event-feed.js';
import { getOrder } from '../../../services/orders.js';
import { eventView } from '../../../services/views.js';
import type { App, Services } from '../../context.js';
import { IdParams, NoQuery } from '../../schemas.js';

/**
 * Server-sent events of one order's changes, for payment pages and for merchants who prefer a stream to
 * webhooks: each message is an event as GET /v1/events/{id} shows it (`id:` its id, `event:` its type).
 * A new stream starts with the order's latest event (its state now); `Last-Event-ID` (sent by
 * EventSource when it reconnects) resumes after that event instead. Who may read the order may follow
 * it: API keys, owners, and store or branch users for the orders of their store or branch.
 *
 * Not in the OpenAPI document: a response that never ends is no operation its clients (or the fuzzer
 * that reads every documented one to its end) can call. The README documents it.
 */
export default function registerOrderEventStream(app: App, services: Services) {
  const feed = new EventFeed(services.db, services.config.streamPollMs, (err) => app.log.error({ err }, 'event stream poll failed'));
  const open = new Set<() => void>();
  // Streams end before the server closes (it would otherwise wait for them): clients reconnect, to
  // another node, with Last-Event-ID.
  app.addHook('preClose', (done) => {
    for (const close of open) close();
    done();
  });

  app.get(
    '/v1/orders/:id/events/stream',
    { schema: { hide: true, params: IdParams, querystring: NoQuery } },
    async (req, reply) => {
      const order = await getOrder(services.db, req.actor, req.params.id);
      const header = req.headers['last-event-id'];
      const { first, known } = await orderStreamStart(services.db, order, typeof header === 'string' ? decodeId('event', header.trim()) : null);

      const stream = new PassThrough();
      const write = (events: StoredEvent[]) => {
        for (const event of events) {
          const view = eventView(event);
          stream.write(`id: ${view.id}\nevent: ${view.type}\ndata: ${JSON.stringify(view)}\n\n`);
        }
      };
      stream.write('retry: 2000\n\n');
      write(first);
      const unsubscribe = feed.subscribe(order.merchantId, order.id, known, write);
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), services.config.streamHeartbeatMs);
      heartbeat.unref();
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(close);
        stream.end();
      };
      open.add(close);
      // The response's close, not the request's: that one fires once a GET's (empty) body is read.
      reply.raw.on('close', close);
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
}
