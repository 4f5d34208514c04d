import type { Clock } from '../clock.js';
import type { WebhookConfig } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId } from '../domain/ids.js';
import type { WebhookDelivery, WebhookEndpoint } from '../domain/webhooks.js';
import type { Queryable } from '../store/db.js';
import { findEvents, type StoredEvent } from '../store/events.sql.js';
import { findFaceWebhookSettings, insertFaceWebhookSettings } from '../store/face-webhooks.sql.js';
import { listEndpointDeliveries } from './webhook-deliveries.js';
import { createEndpoint, getEndpoint, listEndpoints, type CreateEndpointInput } from './webhook-endpoints.js';

/**
 * Webhook endpoints a vendor face manages the vendor's way (Paybyrd's settings, Glomopay's one URL): ordinary
 * endpoints of the face's format, listed by /v1 too and delivered by the one engine, with what the vendor's
 * clients sent that an endpoint has no field for kept beside them (face_webhook_settings).
 */
export interface FaceEndpoint<S> {
  endpoint: WebhookEndpoint;
  /** What the face kept; null for an endpoint of its format made otherwise. */
  settings: S | null;
}

/** A face's endpoints are found among the merchant's newest this many of the mode. */
const MAX_ENDPOINTS = 100;

export interface FaceEndpointInput<S> {
  face: string;
  format: string;
  /** The credential or signing secret the vendor lets merchants choose; a new random one otherwise. */
  secret?: string;
  settings: S;
}

export async function createFaceEndpoint<S extends object>(
  tx: Queryable,
  clock: Clock,
  config: WebhookConfig,
  actor: Actor,
  input: CreateEndpointInput,
  face: FaceEndpointInput<S>,
): Promise<FaceEndpoint<S>> {
  const created = JSON.parse(await createEndpoint(tx, clock, config, actor, input, face.format, face.secret)) as { id: string };
  const endpoint = await getEndpoint(tx, actor, created.id);
  await insertFaceWebhookSettings(tx, { merchantId: actor.merchantId, endpointId: endpoint.id, face: face.face, settings: face.settings as Record<string, unknown> });
  return { endpoint, settings: face.settings };
}

/** The caller's endpoints of `format` in its mode, newest first, with what the face kept of each. */
export async function listFaceEndpoints<S>(db: Queryable, actor: Actor, face: string, format: string): Promise<Array<FaceEndpoint<S>>> {
  const endpoints = (await listEndpoints(db, actor, { limit: MAX_ENDPOINTS })).filter((e) => e.format === format);
  const settings = await findFaceWebhookSettings(db, actor.merchantId, face, endpoints.map((e) => e.id));
  return endpoints.map((endpoint) => ({ endpoint, settings: (settings.get(endpoint.id) as S | undefined) ?? null }));
}

/** One of them by id (its UUID or we_…); another format's, merchant's or mode's is `notFound`. */
export async function getFaceEndpoint<S>(db: Queryable, actor: Actor, face: string, format: string, id: string, notFound: string, forUpdate = false): Promise<FaceEndpoint<S>> {
  const missing = new AppError('resource_missing', notFound);
  if (!decodeId('webhookEndpoint', id)) throw missing;
  const endpoint = await getEndpoint(db, actor, id, forUpdate).catch(() => {
    throw missing;
  });
  if (endpoint.format !== format) throw missing;
  const settings = await findFaceWebhookSettings(db, actor.merchantId, face, [endpoint.id]);
  return { endpoint, settings: (settings.get(endpoint.id) as S | undefined) ?? null };
}

/** A delivery with the event it carries (undefined once that event is gone), for a face's delivery log. */
export interface FaceDelivery {
  delivery: WebhookDelivery;
  event: StoredEvent | undefined;
}

/** The newest `limit` deliveries of each endpoint named, newest first overall, with their events. */
export async function listFaceDeliveries(db: Queryable, actor: Actor, endpoints: WebhookEndpoint[], limit: number): Promise<FaceDelivery[]> {
  const lists = await Promise.all(endpoints.map((endpoint) => listEndpointDeliveries(db, actor, endpoint.id, undefined, { limit })));
  return withEvents(db, actor, lists.flat().sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)));
}

/** Deliveries of the caller's with their events, read in one query. */
export async function withEvents(db: Queryable, actor: Actor, deliveries: WebhookDelivery[]): Promise<FaceDelivery[]> {
  const events = new Map((await findEvents(db, actor.merchantId, [...new Set(deliveries.map((d) => d.eventId))])).map((e) => [e.id, e]));
  return deliveries.map((delivery) => ({ delivery, event: events.get(delivery.eventId) }));
}
