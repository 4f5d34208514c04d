import type { Clock } from '../clock.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId, uuidv7 } from '../domain/ids.js';
import type { DeliveryStatus, WebhookDelivery } from '../domain/webhooks.js';
import type { Queryable } from '../store/db.js';
import { findEvent } from '../store/events.sql.js';
import type { Page } from '../store/list-query.js';
import * as store from '../store/webhook-deliveries.sql.js';
import { findEndpoint } from '../store/webhook-endpoints.sql.js';
import { getEndpoint } from './webhook-endpoints.js';
import { webhookDeliveryView } from './webhook-views.js';

/** What merchants see and ask of deliveries: the log per endpoint, a retry, a redelivery of an event. */

/** Another merchant's delivery or the other mode's: 404. */
export async function getDelivery(db: Queryable, actor: Actor, id: string): Promise<WebhookDelivery> {
  const uuid = decodeId('webhookDelivery', id);
  const delivery = uuid && (await store.findDelivery(db, actor.merchantId, uuid));
  if (!delivery || delivery.livemode !== actor.livemode) throw AppError.notFound('webhook delivery', id);
  return delivery;
}

/** A delivery's attempts, newest first: what each one was answered. */
export async function listDeliveryAttempts(db: Queryable, actor: Actor, id: string) {
  const delivery = await getDelivery(db, actor, id);
  return store.listAttempts(db, delivery.merchantId, delivery.id);
}

export async function listEndpointDeliveries(db: Queryable, actor: Actor, endpointId: string, status: DeliveryStatus | undefined, page: Page) {
  const endpoint = await getEndpoint(db, actor, endpointId);
  return store.listDeliveries(db, { merchantId: actor.merchantId, endpointId: endpoint.id, status }, page);
}

/**
 * One more attempt, now (at the sender's next pass), whatever the delivery's state: a failed one gets a
 * single attempt; a pending one is brought forward; a delivered one is sent again (same webhook-id).
 */
export async function retryDelivery(tx: Queryable, clock: Clock, actor: Actor, id: string): Promise<string> {
  const delivery = await getDelivery(tx, actor, id);
  const due = await store.rescheduleDelivery(tx, delivery.merchantId, delivery.id, clock.now());
  return JSON.stringify(webhookDeliveryView(due!));
}

/**
 * Sends an event again to every endpoint of the mode that subscribes to its type now (or to the one
 * named, subscribed or not), including endpoints created after it: each gets its delivery made due, or a
 * new one. Receivers see the same webhook-id as before.
 */
export async function redeliverEvent(tx: Queryable, clock: Clock, actor: Actor, eventId: string, endpointId: string | undefined): Promise<string> {
  const uuid = decodeId('event', eventId);
  const event = uuid && (await findEvent(tx, actor.merchantId, uuid));
  if (!event || event.livemode !== actor.livemode) throw AppError.notFound('event', eventId);
  let only: string | null = null;
  if (endpointId !== undefined) {
    const endpointUuid = decodeId('webhookEndpoint', endpointId);
    const endpoint = endpointUuid && (await findEndpoint(tx, actor.merchantId, endpointUuid));
    if (!endpoint || endpoint.livemode !== actor.livemode) throw AppError.invalidField('endpoint', 'resource_missing', `has no such webhook endpoint: '${endpointId}'`);
    only = endpoint.id;
  }
  const now = clock.now();
  const targets = await store.endpointsFor(tx, actor.merchantId, actor.livemode, event.type, only);
  const deliveries = await store.queueDeliveries(
    tx,
    targets.map((target) => ({ id: uuidv7(now.getTime()), merchantId: actor.merchantId, endpointId: target, eventId: event.id, livemode: event.livemode, eventType: event.type })),
    now,
    true,
  );
  return JSON.stringify({ object: 'list', data: deliveries.map(webhookDeliveryView), has_more: false, url: `/v1/events/${encodeId('event', event.id)}/redeliver` });
}
