import fc from 'fast-check';
import { deepNesting, hostileNumber, hostileString, longArray, plain, tagged, UNKNOWN_FIELDS, oneof, wrongType, type Gen } from './hostile.js';
import type { Schema } from './openapi.js';

/**
 * JSON Schema → fast-check arbitrary of values the schema accepts, with hostile alternatives mixed in
 * at every node. Covers what the API's schemas use: objects (required/optional, additionalProperties,
 * propertyNames, maxProperties), enums and const, formats date-time/date/email/uri/uuid, string lengths
 * and patterns, integer and number ranges, arrays, nullable type arrays, anyOf/oneOf/allOf.
 */
export interface ArbitraryContext {
  /** Weight of a hostile alternative at each node against 20 for a valid one; 0 for valid values only. */
  hostility: number;
  /** Values seen in real responses, by property name: a currency the service knows, a real customer id. */
  samples: Map<string, unknown[]>;
  /** Ids of real objects, in both spellings, for any string slot. */
  ids: string[];
  now: Date;
}

export function arbitraryFor(schema: Schema | boolean | undefined, ctx: ArbitraryContext, name?: string): fc.Arbitrary<Gen> {
  const valid = validFor(schema ?? {}, ctx, name);
  if (!ctx.hostility || typeof schema !== 'object') return valid;
  // Date-times are where the schema accepts most that the store may not (leap seconds, far offsets and years).
  const weight = ctx.hostility * (schema.format === 'date-time' ? 4 : 1);
  return oneof({ weight: 20, arbitrary: valid }, { weight, arbitrary: hostileFor(schema, ctx) });
}

function validFor(schema: Schema | boolean, ctx: ArbitraryContext, name?: string): fc.Arbitrary<Gen> {
  if (schema === true || schema === false) return fc.jsonValue({ maxDepth: 2 }).map(plain);
  const base = shapeFor(schema, ctx, name);
  const samples = name ? ctx.samples.get(name) : undefined;
  if (!samples?.length || schema.enum || schema.const !== undefined) return base;
  return oneof({ weight: 2, arbitrary: base }, { weight: 1, arbitrary: fc.constantFrom(...samples).map(plain) });
}

function shapeFor(schema: Schema, ctx: ArbitraryContext, name?: string): fc.Arbitrary<Gen> {
  if (schema.const !== undefined) return fc.constant(plain(schema.const));
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum).map(plain);
  const union: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union) && union.length) return oneof(...union.map((s) => arbitraryFor(s, ctx, name)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return shapeFor(mergeAll(schema), ctx, name);
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : [];
  if (types.length > 1) return oneof(...types.map((type) => shapeFor({ ...schema, type }, ctx, name)));
  switch (types[0]) {
    case 'null':
      return fc.constant(plain(null));
    case 'boolean':
      return fc.boolean().map(plain);
    case 'integer':
      return integer(schema).map(plain);
    case 'number':
      return oneof(integer(schema), fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })).map(plain);
    case 'string':
      return string(schema, ctx).map(plain);
    case 'array':
      return array(schema, ctx);
    case 'object':
      return object(schema, ctx);
    default:
      return fc.jsonValue({ maxDepth: 2 }).map(plain);
  }
}

function integer(schema: Schema): fc.Arbitrary<number> {
  const min = Math.ceil(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000));
  const max = Math.floor(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000));
  if (min > max) return fc.constant(min);
  const any = fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
  const lo = Math.max(min, -1000);
  const hi = Math.min(max, lo + 100_000);
  const small = lo <= hi && lo >= -(2 ** 31) && hi < 2 ** 31 ? fc.integer({ min: lo, max: hi }) : any;
  return oneof({ weight: 4, arbitrary: small }, { weight: 2, arbitrary: any }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

const UNICODE = ['é', 'ß', 'ç', 'ã', '中', '文', 'ع', 'ש', 'Ω', '€', '😀', '👍🏽', ' ', '-', '.', '_', '@', '/'];

function string(schema: Schema, ctx: ArbitraryContext): fc.Arbitrary<string> {
  const minLength: number = schema.minLength ?? 0;
  const maxLength: number = schema.maxLength ?? 10_000;
  const fits = (s: string) => [...s].length >= minLength && [...s].length <= maxLength;
  const formatted = format(schema.format, ctx);
  if (formatted) return formatted.filter(fits);
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  const cap = Math.max(minLength, Math.min(maxLength, 40));
  const text = oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: cap }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength: cap, unit: fc.constantFrom(...UNICODE) }) },
    { weight: 1, arbitrary: fc.constantFrom(minLength, maxLength).map((n) => 'a'.repeat(Math.min(n, 10_000))) },
  );
  // Any unconstrained string may be an id: a real object's, so that references and cursors sometimes resolve.
  const ids = ctx.ids.filter(fits);
  return ids.length ? oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...ids) }) : text;
}

function format(name: unknown, ctx: ArbitraryContext): fc.Arbitrary<string> | undefined {
  const now = ctx.now.getTime();
  const day = 86_400_000;
  const instant = oneof(
    fc.integer({ min: 60_000, max: 300 * day }).map((d) => new Date(now + d)),
    fc.integer({ min: -400 * day, max: 400 * day }).map((d) => new Date(now + d)),
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
  );
  switch (name) {
    case 'date-time':
      return oneof(
        instant.map((d) => d.toISOString()),
        instant.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
        fc.tuple(instant, fc.constantFrom('+01:00', '-03:00', '+05:45')).map(([d, off]) => withOffset(d, off)),
      );
    case 'date':
      return instant.map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'uri-reference':
      return fc.webUrl({ withQueryParameters: true, withFragments: true });
    case 'uuid':
      return fc.uuid();
    default:
      return undefined;
  }
}

function withOffset(date: Date, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(date.getTime() + minutes * 60_000).toISOString().replace('Z', offset);
}

function array(schema: Schema, ctx: ArbitraryContext): fc.Arbitrary<Gen> {
  const minLength: number = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
  return fc.array(arbitraryFor(schema.items ?? {}, ctx), { minLength, maxLength }).map(merge);
}

function object(schema: Schema, ctx: ArbitraryContext): fc.Arbitrary<Gen> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const names = Object.keys(properties);
  let arb: fc.Arbitrary<Gen>;
  if (names.length) {
    const record = fc.record(Object.fromEntries(names.map((n) => [n, arbitraryFor(properties[n], ctx, n)])), { requiredKeys: names.filter((n) => required.has(n)) });
    arb = record.map((fields) => {
      const entries = Object.entries(fields as Record<string, Gen>);
      return { value: Object.fromEntries(entries.map(([k, g]) => [k, g.value])), tags: entries.flatMap(([, g]) => g.tags) };
    });
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const keys = schema.propertyNames ?? {};
    const key = fc.string({ minLength: Math.max(1, keys.minLength ?? 1), maxLength: Math.min(keys.maxLength ?? 20, 20) });
    const maxKeys = Math.min(schema.maxProperties ?? 4, 4);
    arb = fc.dictionary(key, arbitraryFor(schema.additionalProperties, ctx), { maxKeys, minKeys: Math.min(schema.minProperties ?? 0, maxKeys) }).map((dict) => {
      const entries = Object.entries(dict);
      return { value: Object.fromEntries(entries.map(([k, g]) => [k, g.value])), tags: entries.flatMap(([, g]) => g.tags) };
    });
  } else {
    arb = fc.constant(plain({}));
  }
  if (!ctx.hostility) return arb;
  // Object-level hostility: an unknown field, a required one missing, too many keys.
  return oneof(
    { weight: 20, arbitrary: arb },
    { weight: ctx.hostility, arbitrary: fc.tuple(arb, fc.constantFrom(...UNKNOWN_FIELDS), wrongType()).map(([g, k, v]) => ({ value: withKey(g.value, k, v.value), tags: [...g.tags, 'unknown-field'] })) },
    ...(required.size
      ? [{ weight: ctx.hostility, arbitrary: fc.tuple(arb, fc.constantFrom(...required)).map(([g, k]) => ({ value: without(g.value, k), tags: [...g.tags, 'missing-required'] })) }]
      : []),
    ...(schema.maxProperties !== undefined
      ? [{ weight: 1, arbitrary: fc.constant(tagged('too-many-keys', Object.fromEntries(Array.from({ length: schema.maxProperties + 1 }, (_, i) => [`k${i}`, 'v'])))) }]
      : []),
  );
}

/** A node replaced by something hostile for its kind. */
function hostileFor(schema: Schema, ctx: ArbitraryContext): fc.Arbitrary<Gen> {
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const options: fc.Arbitrary<Gen>[] = [wrongType()];
  if (types.includes('string') || (!types.length && !schema.properties)) {
    options.push(hostileString(string({ ...schema, format: undefined, pattern: undefined }, { ...ctx, ids: [] }), schema));
    if (schema.format) options.push(hostileString(format(schema.format, ctx) ?? fc.string(), schema));
  }
  if (types.includes('integer') || types.includes('number')) options.push(hostileNumber(schema), hostileNumber(schema));
  if (types.includes('array')) {
    const over = (schema.maxItems ?? 100) + 1;
    options.push(longArray(), deepNesting(), fc.constant(tagged('too-many-items', new Array(Math.min(over, 10_000)).fill(null))));
  }
  if (types.includes('object') || schema.properties) options.push(deepNesting(), fc.constant(tagged('wrong-type', [])));
  return oneof(...options);
}

function merge(gens: Gen[]): Gen {
  return { value: gens.map((g) => g.value), tags: gens.flatMap((g) => g.tags) };
}

function withKey(value: unknown, key: string, v: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

function without(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

function mergeAll(schema: Schema): Schema {
  const { allOf, ...rest } = schema;
  return (allOf as Schema[]).reduce<Schema>(
    (acc, s) => ({
      ...acc,
      ...s,
      properties: { ...acc.properties, ...s.properties },
      required: [...(acc.required ?? []), ...(s.required ?? [])],
    }),
    rest,
  );
}
