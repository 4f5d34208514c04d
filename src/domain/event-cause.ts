import type { Actor, RequestRef } from './actor.js';
import { encodeId } from './ids.js';

/**
 * Who caused an event, so "who canceled this order?" has an answer: an API key or a user through a
 * request, a background job, or a payment provider's callback.
 */
export interface EventCause {
  actor: { type: 'api_key' | 'user' | 'checkout' | 'job' | 'provider'; id: string };
  request: RequestRef | null;
}

/** The API key (`key_…`) or user (`usr_…`) behind a request: never the secret. */
export function principalId(actor: Actor): string {
  const { kind, id } = actor.principal;
  return kind === 'checkout' ? id : encodeId(kind === 'api_key' ? 'apiKey' : 'user', id);
}

export function causedBy(actor: Actor): EventCause {
  return { actor: { type: actor.principal.kind, id: principalId(actor) }, request: actor.request ?? null };
}

export const causedByJob = (job: string): EventCause => ({ actor: { type: 'job', id: job }, request: null });

/** A provider's notification, or what its reconciliation query answered: `pix/sandbox`. */
export const causedByProvider = (method: string, provider: string): EventCause => ({ actor: { type: 'provider', id: `${method}/${provider}` }, request: null });
