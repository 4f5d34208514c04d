import { randomBytes } from 'node:crypto';
import type { Metadata } from './metadata.js';
import { SECRET_PREFIX } from './standard-webhooks.js';

/** Why an endpoint stopped receiving: the merchant said so, the receiver answered 410, or it failed for days. */
export type DisabledReason = 'merchant' | 'gone' | 'failing';

export interface WebhookEndpoint {
  id: string;
  merchantId: string;
  livemode: boolean;
  url: string;
  description: string | null;
  metadata: Metadata;
  /** Event types, `prefix.*` patterns or `*` (see EVENT_TYPE_PATTERN). */
  enabledEvents: string[];
  /** The envelope and signing scheme its deliveries use (see services/webhook-formats.ts). */
  format: string;
  status: 'enabled' | 'disabled';
  disabledReason: DisabledReason | null;
  /** Kept to sign with (a signing secret, not a credential we check): shown to the merchant on create and rotation only. */
  secret: string;
  /** After a rotation, the old secret also signs until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  /** The first failed attempt since the last success; null while healthy. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  merchantId: string;
  livemode: boolean;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due; null once delivered or failed for good. */
  nextAttemptAt: Date | null;
  lastAttempt: AttemptRecord | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** What the last attempt saw: the receiver's status and the start of its body, or why there was none. */
export interface AttemptRecord {
  at: Date;
  responseStatus: number | null;
  /** Transport failures: timeout, connection_failed, blocked_address, dns_failure, invalid_url. */
  error: string | null;
  latencyMs: number;
  /** The first RESPONSE_PREVIEW_BYTES of the body, as text. */
  responseBody: string | null;
}

/**
 * Event types are dotted lower-case words (`order.paid`); a subscription or a list filter may also be
 * `prefix.*` (every type under the prefix, at any depth) or `*` (everything). Kept as a JSON Schema
 * pattern so the routes refuse anything else with a 400 naming the field.
 */
export const EVENT_TYPE_PATTERN = '^(\\*|[a-z_]+(\\.[a-z_]+)*\\.\\*|[a-z_]+(\\.[a-z_]+)+)$';

export const MAX_ENABLED_EVENTS = 64;

/** Standard Webhooks allows 24 to 64 bytes; 32 is what its reference libraries generate. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export const DEFAULT_ROTATION_OVERLAP_S = 24 * 3600;
/** A week: long enough for any receiver's deploy, short enough that a leaked old secret does not live on. */
export const MAX_ROTATION_OVERLAP_S = 7 * 24 * 3600;

/**
 * The Standard Webhooks schedule (field notes C1): after the first attempt fails, wait 5 s, then 5 min,
 * 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h: ten attempts over about three days (75 h 35 min).
 */
const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Up to this share of a delay is added at random, so receivers that failed together are not retried in one burst. */
const JITTER = 0.1;
/** A Retry-After longer than this is read as this: a receiver cannot park its deliveries beyond the schedule's longest wait. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * When the attempt after `attempts` failed ones is due, or null when none is left. A receiver's
 * Retry-After is honoured when it asks for longer than the schedule would wait. `schedule` is the wait
 * after each failed attempt: a vendor format's own (see WebhookFormat.retryDelaysMs), or this one.
 */
export function nextAttemptDelayMs(
  attempts: number,
  random: () => number,
  retryAfterMs: number | null = null,
  schedule: readonly number[] = RETRY_DELAYS_MS,
): number | null {
  const delay = schedule[attempts - 1];
  if (delay === undefined) return null;
  return Math.max(Math.round(delay * (1 + JITTER * random())), retryAfterMs ?? 0);
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  /** 410: the receiver says the endpoint is gone for good; it is disabled at once. */
  | { kind: 'gone' }
  /** Anything else, redirects included (they are not followed); throttled when the receiver said when to come back. */
  | { kind: 'failed'; retryAfterMs: number | null };

/** Standard Webhooks: only 2xx delivers; 410 disables; 429 and 503 may say when to come back. */
export function classifyResponse(status: number, retryAfter: string | undefined, now: Date): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  const throttled = status === 429 || status === 503;
  return { kind: 'failed', retryAfterMs: throttled ? parseRetryAfter(retryAfter, now) : null };
}

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** RFC 9110 Retry-After: delay-seconds or an HTTP-date; capped at MAX_RETRY_AFTER_MS; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(trimmed)) ms = Number(trimmed) * 1000;
  // Only the IMF-fixdate form: Date.parse reads far more than HTTP-dates ("5.5" is a day in May).
  else if (HTTP_DATE.test(trimmed)) ms = Date.parse(trimmed) - now.getTime();
  else return null;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** The first bytes of a receiver's answer kept with each attempt, for the merchant to debug with. */
export const RESPONSE_PREVIEW_BYTES = 1024;
