import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks v1 (github.com/standard-webhooks/standard-webhooks): HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}` with the endpoint's secret (`whsec_` + base64), sent as
 * `webhook-signature: v1,<base64>`; several space-separated signatures while a rotated secret overlaps.
 * Signing is ours; verifyWebhook is for receivers written in TypeScript. The file needs nothing but
 * node:crypto, so a receiver can copy it as it is.
 */

export const SECRET_PREFIX = 'whsec_';

export const STANDARD_TOLERANCE_S = 5 * 60;

function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (key.length === 0) throw new Error('The webhook secret is empty');
  return key;
}

function digest(key: Buffer, id: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The three headers of a signed message: one `v1,` signature per secret, newest first. */
export function standardWebhookHeaders(secrets: readonly string[], id: string, timestamp: number, body: string): Record<string, string> {
  const ts = String(timestamp);
  return {
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': secrets.map((secret) => `v1,${digest(secretKey(secret), id, ts, body).toString('base64')}`).join(' '),
  };
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string {
  const value = headers instanceof Headers ? headers.get(name) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (typeof value !== 'string' || value === '') throw new WebhookVerificationError(`Missing or repeated ${name} header`);
  return value;
}

/**
 * Checks a received webhook: one of its `v1` signatures must match (compared in constant time) and its
 * timestamp must be within five minutes of `now`. Returns the parsed body; throws WebhookVerificationError.
 * Pass the body exactly as received (the raw bytes), never re-serialised JSON.
 *
 *   const event = verifyWebhook(process.env.WEBHOOK_SECRET, req.headers, rawBody);
 *   // then dedupe on req.headers['webhook-id']: a delivery may arrive more than once
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  options: { now?: Date; toleranceSeconds?: number } = {},
): unknown {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const nowS = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowS - Number(timestamp)) > (options.toleranceSeconds ?? STANDARD_TOLERANCE_S)) {
    throw new WebhookVerificationError('The webhook-timestamp is outside the tolerance window');
  }
  const expected = digest(secretKey(secret), id, timestamp, body);
  const matched = signatures.split(' ').some((versioned) => {
    const comma = versioned.indexOf(',');
    if (versioned.slice(0, comma) !== 'v1') return false;
    const received = Buffer.from(versioned.slice(comma + 1), 'base64');
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
  if (!matched) throw new WebhookVerificationError('No matching signature');
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}
