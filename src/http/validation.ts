import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { AppError, type FieldError } from '../domain/errors.js';

/**
 * Two validators: bodies are checked as sent (no coercion, unknown fields refused, never silently
 * dropped); query strings and path params arrive as text, so they are coerced to the declared types.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Errors carry the value and its schema, so a message can say what was sent wrong (see reasonMessage).
    verbose: true,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
const FIRST_MS = Date.parse('0001-01-01T00:00:00Z');
const LAST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An RFC 3339 timestamp both stores hold alike: a real calendar day, no leap second (neither
 * PostgreSQL nor JavaScript represents one), an offset of at most ±23:59 written as ±hh:mm, and an
 * instant within the years 1 to 9999 once converted to UTC.
 */
export function isTimestamp(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2000, month, 0)).getUTCDate()) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (hour > 23 || minute > 59 || second > 59 || (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59))) return false;
  const ms = Date.parse(text);
  return ms >= FIRST_MS && ms <= LAST_MS;
}
const UNIX_SECONDS = /^\d{1,12}$/;
for (const ajv of [bodyAjv, textAjv]) {
  ajv.addFormat('date-time', { type: 'string', validate: isTimestamp });
  ajv.addFormat('date-time-or-unix', { type: 'string', validate: (text) => UNIX_SECONDS.test(text) || isTimestamp(text) });
}

/** A value of format date-time-or-unix as an instant. */
export function parseTimeBound(text: string): Date {
  return UNIX_SECONDS.test(text) ? new Date(Number(text) * 1000) : new Date(text);
}

const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'must be an RFC 3339 timestamp, e.g. 2026-11-23T12:00:00Z',
  'date-time-or-unix': 'must be an RFC 3339 timestamp (2026-11-23T12:00:00Z) or unix seconds (1795435200)',
};

/**
 * Text the database can store and give back unchanged: PostgreSQL refuses NUL in text, and a lone UTF-16
 * surrogate has no UTF-8 encoding, so it would come back as U+FFFD. Found anywhere in a request's data
 * (keys too), it is refused with the field's path rather than reaching the store.
 */
function findMalformedText(root: unknown): string | null {
  // Iterative, not recursive: a body nested ten thousand deep must not overflow the stack.
  const pending: Array<[unknown, string]> = [[root, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (value.includes('\0') || !value.isWellFormed()) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}/${i}`]);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const keyPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (key.includes('\0') || !key.isWellFormed()) return keyPath;
        pending.push([(value as Record<string, unknown>)[key], keyPath]);
      }
    }
  }
  return null;
}

const DECIMAL_INTEGER = /^-?\d{1,16}$/;

/**
 * Query and path values arrive as text and Ajv coerces them with Number(), which also reads "0x10", "1e3"
 * and " 7 ". A parameter declared integer takes decimal digits only; the names of such parameters are
 * read off the schema once.
 */
function integerParameters(schema: { properties?: Record<string, { type?: unknown; items?: { type?: unknown } }> }): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, s]) => s.type === 'integer' || s.items?.type === 'integer')
    .map(([name]) => name);
}

function findNonDecimal(data: unknown, names: string[]): string | null {
  if (!data || typeof data !== 'object') return null;
  for (const name of names) {
    const raw = (data as Record<string, unknown>)[name];
    for (const value of [raw ?? []].flat()) if (typeof value === 'string' && !DECIMAL_INTEGER.test(value)) return name;
  }
  return null;
}

type Validator = ((data: unknown, context?: unknown) => boolean) & { errors?: unknown; schemaEnv?: unknown };

/** Ajv's validator, after the checks JSON Schema cannot express: well-formed text, decimal integers. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const isText = httpPart !== 'body';
  const ajvValidate = (isText ? textAjv : bodyAjv).compile(schema as object) as Validator;
  const integers = isText ? integerParameters(schema as never) : [];
  const validate: Validator = (data, context) => {
    const malformed = findMalformedText(data);
    const nonDecimal = malformed === null && integers.length ? findNonDecimal(data, integers) : null;
    if (malformed !== null || nonDecimal !== null) {
      validate.errors = [
        malformed !== null
          ? { keyword: 'wellFormedText', instancePath: malformed, params: {}, message: 'must not contain NUL characters or unpaired UTF-16 surrogates' }
          : { keyword: 'type', instancePath: `/${nonDecimal}`, params: { type: 'integer' }, message: 'must be an integer written in decimal digits' },
      ];
      return false;
    }
    const valid = ajvValidate(data, context);
    validate.errors = ajvValidate.errors;
    return valid;
  };
  // Fastify lets Ajv replace the root value (coercing a query) only when it sees Ajv's own marker.
  validate.schemaEnv = ajvValidate.schemaEnv;
  return validate as ReturnType<FastifySchemaCompiler<unknown>>;
};

const LOCATION: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** At most this many fields are listed; a body with a hundred thousand bad elements gets a short answer. */
export const MAX_LISTED_ERRORS = 50;

/** Fastify's schema errors → one validation_error with a JSON Pointer and reason for every field. */
export function schemaErrorFormatter(errors: ErrorObject[], httpPart: string): Error {
  const location = LOCATION[httpPart] ?? httpPart;
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    // A bad key is reported by the check of its name (below, with the key), not also as "property name must be valid".
    if (e.keyword === 'propertyNames') continue;
    const params = e.params as Record<string, unknown>;
    let path = e.instancePath;
    if (e.propertyName !== undefined) path += `/${e.propertyName.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (e.keyword === 'required') path += `/${String(params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${String(params.additionalProperty)}`;
    const found = byPath.get(path || '/');
    if (found) found.push(e);
    else byPath.set(path || '/', [e]);
  }
  // A nullable object failing inside ({ tax_id: { type: 'x' } }) also fails its null branch: show only the inner reasons.
  const parents = new Set<string>();
  for (const path of byPath.keys()) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) parents.add(path.slice(0, cut));
  }
  for (const [path, found] of byPath) {
    const onlyUnion = found.every((e) => e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
    if (onlyUnion && parents.has(path)) byPath.delete(path);
  }
  const all = [...byPath];
  const fields: FieldError[] = all.slice(0, MAX_LISTED_ERRORS).map(([path, found]) => fieldError(path, location, found));
  const omitted = all.length - fields.length;
  const summary = fields.map((f) => `${f.path.slice(1).replaceAll('/', '.') || location} ${f.message}`).join('; ');
  return new AppError('validation_error', omitted ? `${summary}; and ${omitted} more invalid fields` : summary, fields, {}, omitted);
}

/**
 * One reason per field. A nullable field (`anyOf: [string, null]`) fails each branch separately; those
 * type errors merge into "must be string or null", and the anyOf summary itself is dropped.
 */
function fieldError(path: string, location: string, found: ErrorObject[]): FieldError {
  const specific = found.filter((e) => e.keyword !== 'anyOf');
  const typeErrors = specific.filter((e) => e.keyword === 'type');
  if (typeErrors.length > 1 || (typeErrors.length === 1 && specific.length === typeErrors.length)) {
    const types = typeErrors.flatMap((e) => String((e.params as { type: unknown }).type).split(','));
    return { path, in: location, code: 'wrong_type', message: `must be ${types.join(' or ')}` };
  }
  const first = specific[0] ?? found[0]!;
  return { path, in: location, code: reasonCode(first), message: reasonMessage(first) };
}

function reasonCode(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'missing';
    case 'additionalProperties':
      return 'unknown_field';
    case 'type':
      return 'wrong_type';
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minLength':
    case 'minItems':
      return 'too_small';
    case 'maximum':
    case 'exclusiveMaximum':
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return 'too_large';
    case 'enum':
    case 'const':
      return 'not_allowed';
    case 'wellFormedText':
      return 'invalid_text';
    default:
      return 'invalid';
  }
}

function reasonMessage(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'enum') return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  if (e.keyword === 'format' && FORMAT_MESSAGES[String(params.format)]) return FORMAT_MESSAGES[String(params.format)]!;
  if (e.propertyName === '') return 'is an empty key';
  if (e.propertyName !== undefined) return `is a key that ${e.message ?? 'is invalid'}`.replace('that must NOT have', 'with');
  if (e.keyword === 'pattern' && typeof e.data === 'string' && e.data.includes(',') && new RegExp(String(e.schema), 'u').test(e.data.replace(',', '.'))) {
    return `must use a dot as the decimal separator: "${e.data.replace(',', '.')}", not "${e.data}"`;
  }
  return e.message ?? 'is invalid';
}
