import { Type } from '@sinclair/typebox';
import { Livemode, Nullable, StringEnum, Timestamp } from '../../schemas.js';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';

export const Event = Type.Object(
  {
    id: Type.String({ description: 'evt_…' }),
    object: Type.Literal('event'),
    type: Type.String({ description: 'e.g. order.created, order.canceled, order.expired, customer.updated' }),
    livemode: Livemode,
    created_at: Timestamp,
    data: Type.Object({
      object: Type.Unsafe<unknown>({ type: 'object', additionalProperties: true, description: 'The object after the change, as the API shows it' }),
      previous_attributes: Type.Optional(
        Type.Unsafe<Record<string, unknown>>({
          type: 'object',
          additionalProperties: true,
          description: '*.updated events: the fields the change changed, with their values before it',
        }),
      ),
    }),
    actor: Nullable(
      Type.Object(
        {
          type: StringEnum(['api_key', 'user', 'checkout', 'job', 'provider'] as const),
          id: Type.String({ description: 'key_… or usr_…, the order (ord_…) or payment link (plink_…) whose checkout it was, the job (expiry_sweeper) or the provider' }),
        },
        { description: 'Who caused the change' },
      ),
    ),
    request: Nullable(
      Type.Object(
        { id: Type.String({ description: 'The Request-Id of the request' }), idempotency_key: Nullable(Type.String()) },
        { description: 'The API request that caused the change; null for jobs and providers' },
      ),
    ),
  },
  { $id: 'Event' },
);

/**
 * For what spans every store and branch (events, webhooks, the balance, payment settings): only
 * merchant-wide callers (API keys, owners). Store and branch users get 403 on every such route, whatever
 * the id, so the answer says nothing about whether the object exists.
 */
export function requireMerchantWide(req: FastifyRequest): void {
  if (req.actor.role !== 'owner') throw new AppError('forbidden', 'Only API keys and owner users may use this: it spans every store and branch');
}
