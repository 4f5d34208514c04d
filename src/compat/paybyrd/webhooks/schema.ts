import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeId } from '../../../domain/ids.js';
import type { WebhookDelivery } from '../../../domain/webhooks.js';
import type { FaceDelivery, FaceEndpoint } from '../../../services/face-webhooks.js';
import { attemptId, credentialOf, PAYBYRD_EVENT_OF, paymentMethodWord } from './format.js';
import { paybyrdTime } from '../order-view.js';

/** Schemas and renderings shared by the routes of Paybyrd's Webhook API (webhook.paybyrd.com, mounted on the face). */

export const TAG_WEBHOOKS = 'Webhooks';
export const FACE = 'paybyrd';

/** What a subscription keeps beside its endpoint: Paybyrd's fields as sent. */
export interface PaybyrdSettings {
  events: string[];
  paymentMethods: string[];
  storeId?: string;
}

export const SETTINGS_NOT_FOUND = 'Settings not found';

const Credential = Type.Object({
  type: Type.Unsafe<string>({ type: 'string', enum: ['api-key', 'basic'] }),
  apiKey: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
});

export const Settings = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  events: Type.Array(Type.String(), { description: 'As subscribed; empty: every event' }),
  paymentMethods: Type.Array(Type.String(), { description: 'As sent; empty: every method' }),
  storeId: Type.Optional(Type.String()),
  credential: Credential,
});

export const Webhook = Type.Object({
  id: Type.String({ format: 'uuid' }),
  settingsId: Type.String({ format: 'uuid' }),
  event: Type.String(),
  paymentMethod: Type.Union([Type.String(), Type.Null()]),
  referenceId: Type.Union([Type.String({ description: 'The orderId' }), Type.Null()]),
  transactionId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Unsafe<string>({ type: 'string', enum: ['Success', 'Pending', 'Failed'] }),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});

export const Attempt = Type.Object({
  attemptId: Type.String({ format: 'uuid' }),
  webhookId: Type.String({ format: 'uuid' }),
  attempt: Type.Integer(),
  createdAt: Type.String(),
  success: Type.Boolean(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  response: Type.Union([Type.String(), Type.Null()], { description: 'The first 1 KB of what the receiver answered' }),
  durationMs: Type.Integer(),
});

export function settingsJson({ endpoint, settings }: FaceEndpoint<PaybyrdSettings>) {
  const credential = credentialOf(endpoint.secret);
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: settings?.events ?? [],
    paymentMethods: settings?.paymentMethods ?? [],
    ...(settings?.storeId !== undefined ? { storeId: settings.storeId } : {}),
    credential,
  };
}

const DELIVERY_STATUS = { delivered: 'Success', pending: 'Pending', failed: 'Failed' } as const;

/** The object an event names: the order (every event's reference) and, for a payment's, the transaction. */
function referencesOf(event: FaceDelivery['event']) {
  if (!event) return { paymentMethod: null, referenceId: null, transactionId: null };
  const data = event.data as { id: string; order?: string; method?: Parameters<typeof paymentMethodWord>[0] };
  if (event.type.startsWith('payment.')) {
    return { paymentMethod: paymentMethodWord(data.method!), referenceId: decodeId('order', data.order!), transactionId: decodeId('payment', data.id) };
  }
  return { paymentMethod: null, referenceId: decodeId('order', data.id), transactionId: null };
}

export function webhookJson({ delivery, event }: FaceDelivery) {
  return {
    id: delivery.id,
    settingsId: delivery.endpointId,
    event: PAYBYRD_EVENT_OF[delivery.eventType] ?? delivery.eventType,
    ...referencesOf(event),
    status: DELIVERY_STATUS[delivery.status],
    attempts: delivery.attempts,
    createdAt: paybyrdTime(delivery.createdAt),
    lastAttemptAt: delivery.lastAttempt && paybyrdTime(delivery.lastAttempt.at),
    nextAttemptAt: delivery.nextAttemptAt && paybyrdTime(delivery.nextAttemptAt),
  };
}

export function attemptJson(delivery: WebhookDelivery, a: { attempt: number; at: Date; responseStatus: number | null; error: string | null; responseBody: string | null; latencyMs: number }) {
  const status = a.responseStatus;
  return {
    attemptId: attemptId(delivery.id, a.attempt),
    webhookId: delivery.id,
    attempt: a.attempt,
    createdAt: paybyrdTime(a.at),
    success: status !== null && status >= 200 && status < 300,
    statusCode: status,
    error: a.error,
    response: a.responseBody,
    durationMs: a.latencyMs,
  };
}

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

/** Paybyrd pages by request headers `x-page` (from 1) and `x-page-size`; unreadable values take the defaults. */
export function pageOf(req: FastifyRequest): { page: number; size: number } {
  const read = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value) : 0;
  };
  return { page: Math.max(read('x-page'), 1), size: Math.min(read('x-page-size') || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}

/** One page of `items`, with Paybyrd's response headers saying where it is. */
export function sendPage<T>(reply: FastifyReply, { page, size }: { page: number; size: number }, items: T[]) {
  const pages = Math.ceil(items.length / size);
  void reply.headers({ 'x-current-page': String(page), 'x-page-size': String(size), 'x-page-count': String(pages), 'x-total-item-count': String(items.length) });
  return { data: items.slice((page - 1) * size, page * size) };
}

export const SettingsIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The settings id (a GUID)' }) });
export const WebhookIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The webhook id (a GUID)' }) });
