import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../clock.js';
import type { ProviderApiConfig } from '../config.js';
import { decodeId, encodeId } from '../domain/ids.js';
import type { PaymentMethod } from '../domain/orders.js';
import type { InboundNotification } from './connector.js';
import { hmacSha256Hex, signatureMatches } from './signature.js';

/**
 * What the real-provider seams share: a JSON client for a provider's HTTP API (OAuth2 client credentials,
 * mutual TLS, outcomes sorted into sent / not_sent / unknown) and the callback URL each merchant's charges
 * are notified at, with the secret that authenticates it.
 */

export type ProviderAnswer = { sent: true; status: number; body: any } | { sent: false; outcome: 'not_sent' | 'unknown'; message: string };

export interface ProviderClient {
  /** A JSON call with the API's bearer token; a 401 fetches a new token and tries once more. */
  call(clock: Clock, method: string, path: string, body?: unknown): Promise<ProviderAnswer>;
}

/** Errors that mean the request never reached the provider: nothing happened, so a retry is safe. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * TLS refusals, either side's: our certificate refused (under TLS 1.3 the alert comes after the client has
 * written its request, which the server never read) or the provider's not trusted. Nothing was processed.
 */
const TLS_REFUSAL = /^ERR_SSL_|^ERR_TLS_|CERT|SIGNATURE|^UNABLE_TO_/;
/** A token is renewed this long before the provider says it expires (at most half its life). */
const TOKEN_MARGIN_MS = 60_000;

class TokenError extends Error {}

export function providerClient(config: ProviderApiConfig): ProviderClient {
  const base = new URL(config.url);
  const https = base.protocol === 'https:';
  const certificate = config.clientCertificate;
  // Read once: a provider's client certificate is installed with the service, not changed under it.
  const agent = https
    ? new HttpsAgent({
        keepAlive: true,
        ...(certificate ? { cert: readFileSync(certificate.certFile), key: readFileSync(certificate.keyFile) } : {}),
        ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}),
      })
    : new HttpAgent({ keepAlive: true });
  let token: { value: string; expiresAtMs: number } | null = null;
  let fetching: Promise<string> | null = null;

  function send(method: string, path: string, authorization: string, body?: URLSearchParams | unknown): Promise<ProviderAnswer> {
    const payload = body === undefined ? undefined : body instanceof URLSearchParams ? body.toString() : JSON.stringify(body);
    const contentType = body instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json';
    return new Promise((resolve) => {
      let connected = false;
      const request: ClientRequest = (https ? httpsRequest : httpRequest)(
        new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base),
        {
          method,
          agent,
          headers: { accept: 'application/json', authorization, ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }) },
          signal: AbortSignal.timeout(config.timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', () => resolve({ sent: false, outcome: 'unknown', message: 'the connection to the provider failed mid-answer' }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = null;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              parsed = null;
            }
            resolve({ sent: true, status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      request.on('socket', (socket) => {
        if (request.reusedSocket) connected = true;
        else socket.once(https ? 'secureConnect' : 'connect', () => (connected = true));
      });
      request.on('error', (error: Error & { code?: string }) => {
        const code = error.code ?? (error.cause as { code?: string } | undefined)?.code ?? '';
        const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
        if (NOT_CONNECTED.has(code)) return resolve({ sent: false, outcome: 'not_sent', message: `the provider could not be reached (${code})` });
        if (TLS_REFUSAL.test(code)) return resolve({ sent: false, outcome: 'not_sent', message: `the TLS handshake with the provider failed (${code})` });
        if (timedOut && !connected) return resolve({ sent: false, outcome: 'not_sent', message: `no connection to the provider within ${config.timeoutMs} ms` });
        resolve({ sent: false, outcome: 'unknown', message: timedOut ? `the provider did not answer within ${config.timeoutMs} ms` : 'the connection to the provider failed' });
      });
      request.end(payload);
    });
  }

  /** An OAuth2 client-credentials token (RFC 6749 §4.4), kept until shortly before it expires; one fetch at a time. */
  async function accessToken(clock: Clock): Promise<string> {
    const now = clock.now().getTime();
    if (token && token.expiresAtMs > now) return token.value;
    fetching ??= (async () => {
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`;
      const res = await send('POST', '/oauth/token', basic, new URLSearchParams({ grant_type: 'client_credentials' }));
      if (!res.sent || res.status !== 200 || typeof res.body?.access_token !== 'string') {
        throw new TokenError(res.sent ? `the provider refused the credentials (HTTP ${res.status})` : res.message);
      }
      const lifetimeMs = (Number(res.body.expires_in) || 300) * 1000;
      token = { value: res.body.access_token, expiresAtMs: now + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 2) };
      return token.value;
    })().finally(() => (fetching = null));
    return fetching;
  }

  async function authorized(clock: Clock, method: string, path: string, body: unknown): Promise<ProviderAnswer> {
    try {
      return await send(method, path, `Bearer ${await accessToken(clock)}`, body);
    } catch (error) {
      if (error instanceof TokenError) return { sent: false, outcome: 'not_sent', message: error.message };
      throw error;
    }
  }

  return {
    async call(clock, method, path, body) {
      const first = await authorized(clock, method, path, body);
      if (!first.sent || first.status !== 401) return first;
      // Revoked or rotated before its time: a 401 is refused before anything is done, so asking again is safe.
      token = null;
      return authorized(clock, method, path, body);
    },
  };
}

/** A provider's refusal, for a payment's failure: its RFC 7807-style title or detail, or the status. */
export const refusalOf = (res: { status: number; body: any }) => ({
  code: `provider_${res.status}`,
  message: String(res.body?.detail ?? res.body?.title ?? res.body?.message ?? `the provider answered HTTP ${res.status}`).slice(0, 500),
});

/** "297.00" ⇄ 29700, by the digits, never through a float. */
export const decimalOf = (minorUnits: number) => {
  const digits = String(minorUnits).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
export const minorUnitsOf = (value: unknown) => (typeof value === 'string' && /^\d{1,10}\.\d{2}$/.test(value) ? Number(value.replace('.', '')) : null);

/** The header a provider (or the proxy in front of it) may sign a callback's body in: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';

export interface CallbackUrlSpec {
  publicBaseUrl: string;
  method: PaymentMethod;
  provider: string;
  webhookSecret: string | undefined;
}

const mode = (livemode: boolean) => (livemode ? 'live' : 'test');
/** Per merchant and mode, so one merchant's URL says nothing about another's; derived, so nothing is stored. */
const callbackToken = (spec: Omit<CallbackUrlSpec, 'publicBaseUrl'>, secret: string, merchantId: string, livemode: boolean) =>
  createHmac('sha256', secret).update(`${spec.method}/${spec.provider}/${merchantId}/${mode(livemode)}`).digest('base64url');

/**
 * Where the provider notifies a merchant's charges: `<PUBLIC_BASE_URL>/hooks/<rail>/<provider>/<mer_…>/<live|test>/<token>`,
 * the token an HMAC of the rest under the webhook secret (no token without one). Everything rides in the path,
 * so a suffix the provider appends (the API Pix adds `/pix`) lands after it rather than inside a query value.
 */
export function callbackUrl(spec: CallbackUrlSpec, merchantId: string, livemode: boolean): string {
  const path = `${spec.publicBaseUrl}/hooks/${spec.method}/${spec.provider}/${encodeId('merchant', merchantId)}/${mode(livemode)}`;
  return spec.webhookSecret ? `${path}/${callbackToken(spec, spec.webhookSecret, merchantId, livemode)}` : path;
}

/**
 * Who a callback is for, read from its URL, and whether it is authenticated: by the token in its URL, or by
 * an HMAC of its body in x-webhook-signature. Null when the path is no callback URL of ours. `suffixes`: what
 * the provider may append to the registered URL.
 */
export function readCallback(
  spec: Omit<CallbackUrlSpec, 'publicBaseUrl'>,
  notification: InboundNotification,
  suffixes: readonly string[] = [],
): { merchantId: string; livemode: boolean; verified: boolean } | null {
  const segments = (notification.path ?? '').split('/').filter(Boolean);
  if (segments.length > 3 && suffixes.includes(segments.at(-1)!)) segments.pop();
  const [merchant, modeName, token, ...rest] = segments;
  const merchantId = decodeId('merchant', merchant ?? '');
  if (!merchantId || (modeName !== 'live' && modeName !== 'test') || rest.length > 0) return null;
  const livemode = modeName === 'live';
  const secret = spec.webhookSecret;
  const header = notification.headers[WEBHOOK_SIGNATURE_HEADER];
  const signature = typeof header === 'string' && header.startsWith('sha256=') ? header.slice(7) : null;
  const verified = Boolean(
    secret &&
      ((token !== undefined && signatureMatches(callbackToken(spec, secret, merchantId, livemode), token)) ||
        (signature !== null && signatureMatches(hmacSha256Hex(secret, notification.rawBody), signature))),
  );
  return { merchantId, livemode, verified };
}
