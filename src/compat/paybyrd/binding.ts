import { AppError } from '../../domain/errors.js';

/**
 * Paybyrd is a .NET service, and its clients were written against how its JSON binder behaves, so this
 * binder behaves the same way and no further: property names match in any letter case (the last one wins
 * when a name repeats); an explicit null is the same as leaving the property out; unknown properties are
 * ignored; numeric properties also take numeric strings ("1250"); text properties also take JSON numbers
 * (`"orderRef": 4101207154`); enum names match in any letter case. Everything else is refused, naming the
 * field: a fraction where an integer goes, a boolean as text, an object where a list goes.
 */
export type Field =
  | { kind: 'string'; maxLength?: number }
  | { kind: 'integer'; minimum?: number; maximum?: number }
  | { kind: 'boolean' }
  /** Major units with a decimal point ("12.50" or 12.5): its exact text, for parseDecimalAmount. */
  | { kind: 'decimal' }
  /** An ISO 8601 date and time, as a .NET DateTime binds it; kept as sent. */
  | { kind: 'datetime' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'object'; fields: Model }
  /** `wrappedIn`: the list may also arrive as an object holding it under that name, e.g. `{items: [...]}`. */
  | { kind: 'array'; items: Field; maxItems?: number; wrappedIn?: string }
  /** Any JSON object, kept as sent (metadata). */
  | { kind: 'json_object' };

export type Model = Readonly<Record<string, Field>>;

export type Bound = { [name: string]: BoundValue };
export type BoundValue = string | number | boolean | Bound | BoundValue[] | Record<string, unknown>;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$/;
const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };

export const text = (maxLength?: number): Field => ({ kind: 'string', maxLength });
export const int32 = (minimum = INT32.minimum, maximum = INT32.maximum): Field => ({ kind: 'integer', minimum, maximum });
export const int64 = (minimum = Number.MIN_SAFE_INTEGER, maximum = Number.MAX_SAFE_INTEGER): Field => ({ kind: 'integer', minimum, maximum });
export const bool: Field = { kind: 'boolean' };
export const decimal: Field = { kind: 'decimal' };
export const dateTime: Field = { kind: 'datetime' };
export const oneOf = (values: readonly string[]): Field => ({ kind: 'enum', values });
export const object = (fields: Model): Field => ({ kind: 'object', fields });
export const list = (items: Field, options: { maxItems?: number; wrappedIn?: string } = {}): Field => ({ kind: 'array', items, ...options });
export const jsonObject: Field = { kind: 'json_object' };

/** Binds a JSON value to `model`; the result has the model's spelling of every name, and only its names. */
export function bindObject(model: Model, value: unknown, path = ''): Bound {
  if (!isPlainObject(value)) throw invalid(path || '/', 'invalid_type', 'must be a JSON object');
  const byLowerName = new Map<string, unknown>();
  for (const [name, item] of Object.entries(value)) byLowerName.set(name.toLowerCase(), item);
  const bound: Bound = {};
  for (const [name, field] of Object.entries(model)) {
    const item = byLowerName.get(name.toLowerCase());
    if (item === undefined || item === null) continue;
    bound[name] = bindValue(field, item, `${path}/${name}`);
  }
  return bound;
}

function bindValue(field: Field, value: unknown, path: string): BoundValue {
  switch (field.kind) {
    case 'string': {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      if (typeof text !== 'string') throw invalid(path, 'invalid_type', 'must be a string');
      if (field.maxLength !== undefined && text.length > field.maxLength) {
        throw invalid(path, 'too_long', `must be at most ${field.maxLength} characters`);
      }
      return text;
    }
    case 'integer': {
      const number = typeof value === 'string' && /^-?\d{1,19}$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) throw invalid(path, 'invalid_type', 'must be an integer');
      if ((field.minimum !== undefined && number < field.minimum) || (field.maximum !== undefined && number > field.maximum)) {
        throw invalid(path, 'out_of_range', `must be an integer from ${field.minimum} to ${field.maximum}`);
      }
      return number;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(path, 'invalid_type', 'must be true or false');
      return value;
    case 'decimal': {
      // A JSON number's shortest text is its literal for any decimal a client writes (12.5, 0.1), so money
      // still goes from text to minor units exactly; a number JavaScript cannot hold exactly is refused.
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^\d{1,16}(\.\d{1,4})?$/.test(text)) {
        throw invalid(path, 'invalid_amount', 'must be a positive decimal amount such as "12.50"');
      }
      return text;
    }
    case 'datetime':
      if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw invalid(path, 'invalid_date', 'must be an ISO 8601 date and time such as "2024-12-19T19:30:00Z"');
      }
      return value;
    case 'enum': {
      const match = typeof value === 'string' ? field.values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
      if (match === undefined) throw invalid(path, 'invalid_value', `must be one of ${field.values.join(', ')}`);
      return match;
    }
    case 'object':
      return bindObject(field.fields, value, path);
    case 'array': {
      const items = Array.isArray(value) ? value : field.wrappedIn !== undefined ? unwrapList(value, field.wrappedIn) : undefined;
      if (!items) throw invalid(path, 'invalid_type', 'must be a list');
      if (field.maxItems !== undefined && items.length > field.maxItems) {
        throw invalid(path, 'too_many', `may hold at most ${field.maxItems} items`);
      }
      return items.map((item, index) => {
        if (item === null) throw invalid(`${path}/${index}`, 'invalid_type', 'must not be null');
        return bindValue(field.items, item, `${path}/${index}`);
      });
    }
    case 'json_object':
      if (!isPlainObject(value)) throw invalid(path, 'invalid_type', 'must be a JSON object');
      return value;
  }
}

function unwrapList(value: unknown, name: string): unknown[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const entry = Object.entries(value).findLast(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry && Array.isArray(entry[1]) ? entry[1] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function invalid(path: string, code: string, message: string): AppError {
  return AppError.invalidField(path, code, message);
}

/**
 * The JSON Schema of what bindObject accepts, written in the model's spelling, for the route's schema: the
 * face's OpenAPI document shows it, and the service's validator runs it first (it also refuses text the
 * store cannot hold). It is as loose as the binder (numbers or numeric strings, nulls anywhere, any other
 * property), so it never refuses what Paybyrd would take; bindObject then decides.
 */
export function modelSchema(model: Model, description?: string): Record<string, unknown> {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: Object.fromEntries(Object.entries(model).map(([name, field]) => [name, fieldSchema(field)])),
  };
}

function fieldSchema(field: Field): Record<string, unknown> {
  switch (field.kind) {
    case 'string':
      return { type: ['string', 'number', 'null'], ...(field.maxLength ? { description: `Up to ${field.maxLength} characters` } : {}) };
    case 'integer':
      return { type: ['integer', 'string', 'null'], description: `An integer from ${field.minimum} to ${field.maximum}, or its digits as a string` };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    case 'decimal':
      return { type: ['string', 'number', 'null'], description: 'Major units, e.g. "12.50"' };
    case 'datetime':
      return { type: ['string', 'null'], description: 'ISO 8601 date and time' };
    case 'enum':
      return { type: ['string', 'null'], description: `One of ${field.values.join(', ')} (any letter case)` };
    case 'object':
      return { ...modelSchema(field.fields), type: ['object', 'null'] };
    case 'array':
      return { type: field.wrappedIn ? ['array', 'object', 'null'] : ['array', 'null'], items: fieldSchema(field.items) };
    case 'json_object':
      return { type: ['object', 'null'] };
  }
}
