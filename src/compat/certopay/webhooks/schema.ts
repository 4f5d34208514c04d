import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../domain/actor.js';
import { decodeId } from '../../../domain/ids.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../../domain/webhooks.js';
import type { Queryable } from '../../../store/db.js';
import { listEndpoints } from '../../../services/webhook-endpoints.js';
import { CERTOPAY_EVENTS, CERTOPAY_FORMAT } from './format.js';

export const TAG_WEBHOOKS = 'Webhooks';

export const CertoPayWebhook = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  status: Type.Unsafe<string>({ type: 'string', enum: ['ACTIVE', 'INACTIVE'] }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  secret: Type.Optional(Type.String({ description: 'Only when the upsert created the webhook: the Standard Webhooks secret its deliveries are signed with' })),
});

export const CertoPayDelivery = Type.Object({
  deliveryId: Type.String({ format: 'uuid' }),
  event: Type.String(),
  status: Type.Unsafe<string>({ type: 'string', enum: ['SUCCESS', 'FAILED', 'PENDING'] }),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  attemptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** A delivery's status as CertoPay names it. */
export const DELIVERY_STATUSES = { delivered: 'SUCCESS', failed: 'FAILED', pending: 'PENDING' } as const;

/**
 * CertoPay keeps one webhook URL per account (and mode): the merchant's endpoint of the CertoPay format,
 * found among its newest 100 endpoints.
 */
export async function accountEndpoint(db: Queryable, actor: Actor): Promise<WebhookEndpoint | undefined> {
  return (await listEndpoints(db, actor, { limit: 100 })).find((endpoint) => endpoint.format === CERTOPAY_FORMAT);
}

/** The webhook from its /v1 view (what the endpoint services answer). */
export function webhookJson(view: { id: string; url: string; status: string; created_at: string; updated_at: string; secret?: string }) {
  return {
    id: decodeId('webhookEndpoint', view.id)!,
    url: view.url,
    status: view.status === 'enabled' ? 'ACTIVE' : 'INACTIVE',
    createdAt: view.created_at,
    updatedAt: view.updated_at,
    ...(view.secret ? { secret: view.secret } : {}),
  };
}

export function deliveryJson(delivery: WebhookDelivery) {
  return {
    deliveryId: delivery.id,
    event: CERTOPAY_EVENTS[delivery.eventType] ?? delivery.eventType,
    status: DELIVERY_STATUSES[delivery.status],
    httpStatus: delivery.lastAttempt?.responseStatus ?? null,
    attemptedAt: delivery.lastAttempt?.at.toISOString() ?? null,
  };
}
