import { isIP } from 'node:net';
import type { Clock } from '../clock.js';
import type { WebhookConfig } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, uuidv7 } from '../domain/ids.js';
import { mergeMetadata, type Metadata } from '../domain/metadata.js';
import { DEFAULT_ROTATION_OVERLAP_S, newWebhookSecret, type WebhookEndpoint } from '../domain/webhooks.js';
import { isLocalName, isPublicAddress } from '../outbound/addresses.js';
import type { OutboundPolicy } from '../outbound/http-client.js';
import type { Queryable } from '../store/db.js';
import type { Page } from '../store/list-query.js';
import * as store from '../store/webhook-endpoints.sql.js';
import { webhookEndpointView, webhookEndpointWithSecret } from './webhook-views.js';

/** What a live or test endpoint may point at, by the operator's configuration. */
export function destinationPolicy(config: WebhookConfig, livemode: boolean): OutboundPolicy {
  const allowed = (allowance: WebhookConfig['allowHttp']) => allowance === 'all' || (allowance === 'test' && !livemode);
  return { allowHttp: allowed(config.allowHttp), allowPrivate: allowed(config.allowPrivate) };
}

export const MAX_URL_LENGTH = 2048;

/**
 * Refuses, when the endpoint is saved, a URL the sender would refuse anyway: a scheme the policy does not
 * allow, credentials in the URL, and where private destinations are not allowed an IP literal that is not
 * public or a name that always means this machine. A name's addresses are checked again at every send
 * (outbound/http-client.ts), so what DNS answers later cannot smuggle one in.
 */
export function checkEndpointUrl(raw: string, policy: OutboundPolicy): string {
  const refuse = (code: string, message: string) => AppError.invalidField('url', code, message);
  if (!URL.canParse(raw) || raw.length > MAX_URL_LENGTH) throw refuse('invalid_url', `must be an absolute URL of at most ${MAX_URL_LENGTH} characters`);
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('invalid_url', 'must be an https URL');
  if (url.protocol === 'http:' && !policy.allowHttp) throw refuse('insecure_url', 'must be an https URL (http is not allowed for this mode on this server)');
  if (url.username || url.password) throw refuse('invalid_url', 'must not carry credentials; verify the webhook-signature header instead');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivate && (isIP(host) ? !isPublicAddress(host) : isLocalName(host))) {
    throw refuse('private_address', 'must point at a public address (loopback, private and link-local ones are allowed for test mode only)');
  }
  return raw;
}

export interface CreateEndpointInput {
  url: string;
  enabled_events: string[];
  description?: string | null;
  metadata?: Metadata;
}

export interface UpdateEndpointInput {
  url?: string;
  enabled_events?: string[];
  description?: string | null;
  metadata?: Record<string, string | null>;
  status?: 'enabled' | 'disabled';
}

/** The only format /v1 endpoints use; the vendor faces create endpoints of their own formats. */
const V1_FORMAT = 'standard';

/**
 * Returns the endpoint's JSON with its secret (shown this once); a vendor face names its own `format`, and
 * may give the `secret` its vendor lets merchants choose (a credential the receiver checks).
 */
export async function createEndpoint(
  tx: Queryable,
  clock: Clock,
  config: WebhookConfig,
  actor: Actor,
  input: CreateEndpointInput,
  format = V1_FORMAT,
  secret = newWebhookSecret(),
): Promise<string> {
  const now = clock.now();
  const endpoint: WebhookEndpoint = {
    id: uuidv7(now.getTime()),
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    url: checkEndpointUrl(input.url, destinationPolicy(config, actor.livemode)),
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    enabledEvents: [...new Set(input.enabled_events)],
    format,
    status: 'enabled',
    disabledReason: null,
    secret,
    previousSecret: null,
    previousSecretExpiresAt: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  await store.insertEndpoint(tx, endpoint);
  return JSON.stringify(webhookEndpointWithSecret(endpoint));
}

/** Another merchant's endpoint or the other mode's: 404, as if it did not exist. */
export async function getEndpoint(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<WebhookEndpoint> {
  const uuid = decodeId('webhookEndpoint', id);
  const endpoint = uuid && (await store.findEndpoint(db, actor.merchantId, uuid, forUpdate));
  if (!endpoint || endpoint.livemode !== actor.livemode) throw AppError.notFound('webhook endpoint', id);
  return endpoint;
}

export async function listEndpoints(db: Queryable, actor: Actor, page: Page): Promise<WebhookEndpoint[]> {
  return store.listEndpoints(db, { merchantId: actor.merchantId, livemode: actor.livemode }, page);
}

/**
 * Enabling an endpoint again (after 410, days of failures or the merchant's own pause) sends what queued
 * up meanwhile, oldest first: nothing was dropped while it was off.
 */
export async function updateEndpoint(tx: Queryable, clock: Clock, config: WebhookConfig, actor: Actor, id: string, input: UpdateEndpointInput): Promise<string> {
  const endpoint = await getEndpoint(tx, actor, id, true);
  if (input.url !== undefined) endpoint.url = checkEndpointUrl(input.url, destinationPolicy(config, actor.livemode));
  if (input.enabled_events !== undefined) endpoint.enabledEvents = [...new Set(input.enabled_events)];
  if (input.description !== undefined) endpoint.description = input.description;
  if (input.metadata) endpoint.metadata = mergeMetadata(endpoint.metadata, input.metadata);
  if (input.status === 'disabled' && endpoint.status === 'enabled') {
    endpoint.status = 'disabled';
    endpoint.disabledReason = 'merchant';
  } else if (input.status === 'enabled' && endpoint.status === 'disabled') {
    endpoint.status = 'enabled';
    endpoint.disabledReason = null;
    // Its health is judged afresh: the days it failed before must not disable it at its first failure.
    endpoint.failingSince = null;
  }
  endpoint.updatedAt = clock.now();
  await store.saveEndpoint(tx, endpoint);
  return JSON.stringify(webhookEndpointView(endpoint));
}

export async function deleteEndpoint(tx: Queryable, actor: Actor, id: string): Promise<string> {
  const endpoint = await getEndpoint(tx, actor, id, true);
  await store.deleteEndpoint(tx, endpoint.merchantId, endpoint.id);
  return JSON.stringify({ id: webhookEndpointView(endpoint).id, object: 'webhook_endpoint', deleted: true });
}

/**
 * A new secret signs from now on; the current one keeps signing beside it for `overlapSeconds`, so a
 * receiver can switch without missing a delivery (two signatures in webhook-signature meanwhile). A
 * secret from an earlier rotation still in its overlap stops now: at most two sign at once.
 */
export async function rotateSecret(tx: Queryable, clock: Clock, actor: Actor, id: string, overlapSeconds = DEFAULT_ROTATION_OVERLAP_S): Promise<string> {
  const endpoint = await getEndpoint(tx, actor, id, true);
  const now = clock.now();
  endpoint.previousSecret = overlapSeconds > 0 ? endpoint.secret : null;
  endpoint.previousSecretExpiresAt = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
  endpoint.secret = newWebhookSecret();
  endpoint.updatedAt = now;
  await store.saveEndpoint(tx, endpoint);
  return JSON.stringify(webhookEndpointWithSecret(endpoint));
}

/** The secrets that sign an attempt at `at`: the current one, and the previous one during its overlap. */
export function signingSecrets(endpoint: WebhookEndpoint, at: Date): string[] {
  const overlapping = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at;
  return overlapping ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
