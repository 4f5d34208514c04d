import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { RESPONSE_PREVIEW_BYTES } from '../domain/webhooks.js';
import { OutboundClient } from '../outbound/http-client.js';
import { fanOutEvents, sendDueDeliveries, type DeliveryDeps } from '../services/webhook-delivery.js';
import type { Db } from '../store/db.js';
import { EVENTS_WRITTEN_CHANNEL } from '../store/events.sql.js';
import { pruneDeliveries, pruneEvents } from '../store/webhook-deliveries.sql.js';
import type { Job } from './runner.js';

const DAY_MS = 86_400_000;

/** The client the sender goes out through: resolved and checked per connection (outbound/http-client.ts). */
export function webhookClient(config: Config): OutboundClient {
  return new OutboundClient({ timeoutMs: config.webhooks.timeoutMs, maxResponseBytes: RESPONSE_PREVIEW_BYTES });
}

/**
 * Webhook delivery's jobs: the fan-out and the sender poll often (the outbox's queue makes an idle poll one
 * index probe) and are woken as soon as there is work, the pruning runs every minute in bounded batches.
 */
export function webhookJobs(db: Db, config: Config, deps: DeliveryDeps): Job[] {
  const { clock } = deps;
  return [
    // Woken by each commit that writes events, on any node; polling stays for a listening connection that breaks.
    {
      name: 'webhook-fanout',
      intervalMs: config.webhooks.pollMs,
      batchSize: 500,
      run: (batch) => fanOutEvents(db, clock, batch),
      wakeOn: (wake) => db.listen(EVENTS_WRITTEN_CHANNEL, wake),
      feeds: ['webhook-send', 'notifications-send'],
    },
    // A pass ends with its slowest endpoint's backlog, and new deliveries are due by then: while there is work, no pause.
    { name: 'webhook-send', intervalMs: config.webhooks.pollMs, batchSize: 20, eager: true, run: (endpoints) => sendDueDeliveries(db, deps, endpoints) },
    {
      name: 'prune-webhooks',
      intervalMs: Math.max(config.jobIntervalMs, 60_000),
      batchSize: 1000,
      run: async (batch) => {
        const deliveries = await pruneDeliveries(db, daysAgo(clock, config.webhooks.deliveryRetentionDays), batch);
        const events = config.webhooks.eventRetentionDays > 0 ? await pruneEvents(db, daysAgo(clock, config.webhooks.eventRetentionDays), batch) : 0;
        return Math.max(deliveries, events);
      },
    },
  ];
}

const daysAgo = (clock: Clock, days: number) => new Date(clock.now().getTime() - days * DAY_MS);
