import { Type } from '@sinclair/typebox';
import { EVENT_TYPE_PATTERN, MAX_ENABLED_EVENTS } from '../../../domain/webhooks.js';
import { MAX_URL_LENGTH } from '../../../services/webhook-endpoints.js';
import { Livemode, Metadata, Nullable, StringEnum, Timestamp } from '../../schemas.js';

export const EventTypePattern = Type.String({ pattern: EVENT_TYPE_PATTERN, maxLength: 100, description: 'An event type (order.paid), prefix.* or *' });

export const EnabledEvents = Type.Array(EventTypePattern, {
  minItems: 1,
  maxItems: MAX_ENABLED_EVENTS,
  description: 'The events to send: types (order.paid), every type under a prefix (payment.*), or everything (*)',
});

export const EndpointUrl = Type.String({
  maxLength: MAX_URL_LENGTH,
  description: 'https (http only where the operator allows it); live endpoints must point at public addresses',
});

export const EndpointDescription = Nullable(Type.String({ maxLength: 500 }));

const endpointFields = {
  id: Type.String({ description: 'we_…' }),
  object: Type.Literal('webhook_endpoint'),
  livemode: Livemode,
  url: Type.String(),
  description: Nullable(Type.String()),
  metadata: Metadata,
  enabled_events: Type.Array(Type.String()),
  status: StringEnum(['enabled', 'disabled'] as const),
  disabled_reason: Nullable(
    StringEnum(['merchant', 'gone', 'failing'] as const, {
      description: 'merchant: you disabled it; gone: it answered 410; failing: every attempt failed for days (a webhook_endpoint.disabled event tells)',
    }),
  ),
  failing_since: Nullable(Type.String({ format: 'date-time', description: 'The first failed attempt since the last success' })),
  previous_secret_expires_at: Nullable(Type.String({ format: 'date-time', description: 'After rotate_secret: until then the old secret signs too' })),
  created_at: Timestamp,
  updated_at: Timestamp,
};

// Exact shapes: the secret is in the create and rotate answers only, never in what GET returns.
export const WebhookEndpoint = Type.Object(endpointFields, { $id: 'WebhookEndpoint', additionalProperties: false });

export const WebhookEndpointWithSecret = Type.Object(
  { ...endpointFields, secret: Type.String({ description: 'whsec_…: signs every delivery (Standard Webhooks). Shown here only: keep it now' }) },
  { $id: 'WebhookEndpointWithSecret', additionalProperties: false },
);

const attemptFields = {
  at: Timestamp,
  response_status: Nullable(Type.Integer()),
  error: Nullable(Type.String({ description: 'When there was no answer: timeout, connection_failed, blocked_address, dns_failure, tls_error, invalid_url' })),
  latency_ms: Type.Integer(),
  response_body: Nullable(Type.String({ description: 'The first 1 KB of the answer' })),
};

export const WebhookAttempt = Type.Object(
  { attempt: Type.Integer({ minimum: 1, description: '1 for the first' }), ...attemptFields },
  { $id: 'WebhookAttempt', additionalProperties: false },
);

export const WebhookDelivery = Type.Object(
  {
    id: Type.String({ description: 'whd_…' }),
    object: Type.Literal('webhook_delivery'),
    livemode: Livemode,
    endpoint: Type.String({ description: 'we_…' }),
    event: Type.String({ description: 'evt_…: also the webhook-id header, the same on every attempt' }),
    event_type: Type.String(),
    status: StringEnum(['pending', 'delivered', 'failed'] as const, { description: 'failed: every scheduled attempt failed (retry sends it again)' }),
    attempts: Type.Integer(),
    next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
    last_attempt: Nullable(Type.Object(attemptFields)),
    delivered_at: Nullable(Type.String({ format: 'date-time' })),
    created_at: Timestamp,
  },
  { $id: 'WebhookDelivery', additionalProperties: false },
);
