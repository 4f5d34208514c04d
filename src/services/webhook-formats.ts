import { standardWebhookHeaders } from '../domain/standard-webhooks.js';
import type { WebhookDelivery } from '../domain/webhooks.js';
import type { StoredEvent } from '../store/events.sql.js';
import { eventView } from './views.js';

/**
 * How a delivery looks on the wire, in two parts a format combines: the envelope (the body, and the
 * message id receivers dedupe on, the same on every attempt) and the signer (the headers that let the
 * receiver trust it). One delivery engine sends every format; /v1 endpoints use `standard`, and the
 * vendor-compatible faces add theirs (a vendor's envelope with an HMAC of the raw body, or a credential
 * header) to the registry they hand the engine.
 */
export interface WebhookEnvelope {
  (event: StoredEvent, delivery: WebhookDelivery): { id: string; body: string; contentType: string };
}

export interface WebhookSigner {
  /** `secrets`: the endpoint's signing secrets at `at`, newest first (two while a rotation overlaps). */
  (message: { id: string; body: string; at: Date }, secrets: readonly string[]): Record<string, string>;
}

export interface WebhookFormat {
  envelope: WebhookEnvelope;
  sign: WebhookSigner;
  /** The vendor's retry schedule for a mode: the wait after each failed attempt; Standard Webhooks' when absent. */
  retryDelaysMs?: (livemode: boolean) => readonly number[];
}

export type WebhookFormats = Readonly<Record<string, WebhookFormat>>;

/** The event exactly as GET /v1/events/{id} answers it; its id is the message id. */
export const eventEnvelope: WebhookEnvelope = (event) => {
  const view = eventView(event);
  return { id: view.id, body: JSON.stringify(view), contentType: 'application/json' };
};

export const standardSigner: WebhookSigner = (message, secrets) =>
  standardWebhookHeaders(secrets, message.id, Math.floor(message.at.getTime() / 1000), message.body);

export const WEBHOOK_FORMATS: WebhookFormats = {
  standard: { envelope: eventEnvelope, sign: standardSigner },
};
