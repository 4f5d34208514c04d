import { encodeId } from '../domain/ids.js';
import type { AttemptRecord, WebhookDelivery, WebhookEndpoint } from '../domain/webhooks.js';

/** The /v1 shapes of webhook endpoints and deliveries (the other objects' are in views.ts). */
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Never with the secret: that is shown once, by the create and rotate_secret answers (withSecret). */
export function webhookEndpointView(e: WebhookEndpoint) {
  return {
    id: encodeId('webhookEndpoint', e.id),
    object: 'webhook_endpoint' as const,
    livemode: e.livemode,
    url: e.url,
    description: e.description,
    metadata: e.metadata,
    enabled_events: e.enabledEvents,
    status: e.status,
    disabled_reason: e.disabledReason,
    failing_since: iso(e.failingSince),
    previous_secret_expires_at: iso(e.previousSecretExpiresAt),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function webhookEndpointWithSecret(e: WebhookEndpoint) {
  return { ...webhookEndpointView(e), secret: e.secret };
}

/** One attempt: as a delivery's last_attempt, and (with its number) in GET /v1/webhook_deliveries/{id}/attempts. */
export function webhookAttemptView(a: AttemptRecord) {
  return { at: a.at.toISOString(), response_status: a.responseStatus, error: a.error, latency_ms: a.latencyMs, response_body: a.responseBody };
}

export function webhookDeliveryView(d: WebhookDelivery) {
  return {
    id: encodeId('webhookDelivery', d.id),
    object: 'webhook_delivery' as const,
    livemode: d.livemode,
    endpoint: encodeId('webhookEndpoint', d.endpointId),
    event: encodeId('event', d.eventId),
    event_type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: iso(d.nextAttemptAt),
    last_attempt: d.lastAttempt && webhookAttemptView(d.lastAttempt),
    delivered_at: iso(d.deliveredAt),
    created_at: d.createdAt.toISOString(),
  };
}
