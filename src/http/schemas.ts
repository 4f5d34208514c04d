import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { METADATA_LIMITS } from '../domain/metadata.js';

/** Schemas shared by routes; each route keeps its own request/response schema next to its handler. */

export const Metadata = Type.Unsafe<Record<string, string>>({
  type: 'object',
  description: `Your key/value strings: up to ${METADATA_LIMITS.keys} keys of ${METADATA_LIMITS.keyLength} characters, values up to ${METADATA_LIMITS.valueLength}.`,
  propertyNames: { minLength: 1, maxLength: METADATA_LIMITS.keyLength },
  additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.valueLength },
  maxProperties: METADATA_LIMITS.keys,
});

export const MetadataUpdate = Type.Unsafe<Record<string, string | null>>({
  type: 'object',
  description: 'Keys to set; a null value removes the key. Keys not named stay as they are.',
  propertyNames: { minLength: 1, maxLength: METADATA_LIMITS.keyLength },
  additionalProperties: { type: ['string', 'null'], maxLength: METADATA_LIMITS.valueLength },
  maxProperties: METADATA_LIMITS.keys,
});

/** A string enum as JSON Schema `enum`: one clear error ("must be one of …") instead of one per literal. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/**
 * `T | null`. A scalar stays one schema with `type: [T, "null"]` rather than an anyOf: the response
 * serializer then writes it directly instead of running a validator per field to pick a branch.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const scalar = typeof schema.type === 'string' && schema.type !== 'object' && schema.type !== 'array';
  if (!scalar) return Type.Union([schema, Type.Null()]);
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    type: [schema.type, 'null'],
    ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}),
  });
};

export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 / ISO 8601 timestamp, UTC' });

/** Retrieve routes take no query parameters; an unknown one is refused like an unknown body field. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The object id (prefixed form or UUID)' }) });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    request_id: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON Pointer to the field' }),
          in: Type.Optional(Type.String()),
          code: Type.String(),
          message: Type.String(),
        }),
        { description: 'Every invalid field, up to 50' },
      ),
    ),
    errors_omitted: Type.Optional(Type.Integer({ description: 'How many more invalid fields there were beyond those listed' })),
    decline_code: Type.Optional(Type.String({ description: 'card_declined (402): why, stably: card_declined, insufficient_funds, expired_card, incorrect_cvc, processing_error' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** The error responses a route documents, all problem+json. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));
}

/** The write routes' errors: validation, auth, idempotency misuse, rate limit. */
export const WRITE_PROBLEMS = [400, 401, 409, 413, 415, 422, 429];

export const DEFAULT_PAGE_SIZE = 10;

/** A list's creation-time bound: an RFC 3339 timestamp or unix seconds (see validation.ts). */
const CreatedBound = (relation: string) =>
  Type.String({ format: 'date-time-or-unix', maxLength: 40, description: `Only objects created ${relation} this time: RFC 3339, or unix seconds` });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size, 1 to 100' })),
  starting_after: Type.Optional(Type.String({ maxLength: 64, description: 'Cursor: an id; returns the objects after it (older)' })),
  ending_before: Type.Optional(Type.String({ maxLength: 64, description: 'Cursor: an id; returns the objects before it (newer)' })),
  'created[gt]': Type.Optional(CreatedBound('after')),
  'created[gte]': Type.Optional(CreatedBound('at or after')),
  'created[lt]': Type.Optional(CreatedBound('before')),
  'created[lte]': Type.Optional(CreatedBound('at or before')),
};

export const listOf = <T extends TSchema>(item: T) =>
  Type.Object({
    object: Type.Literal('list'),
    data: Type.Array(item),
    has_more: Type.Boolean(),
    url: Type.String(),
  });

export const Livemode = Type.Boolean({ description: 'true for live data, false for test data' });
