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

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;

const LOCATION: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Fastify's schema errors → one validation_error with a JSON Pointer and reason for every field. */
export function schemaErrorFormatter(errors: ErrorObject[], httpPart: string): Error {
  const location = LOCATION[httpPart] ?? httpPart;
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    let path = e.instancePath;
    if (e.keyword === 'required') path += `/${String(params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${String(params.additionalProperty)}`;
    byPath.set(path || '/', [...(byPath.get(path || '/') ?? []), e]);
  }
  // A nullable object failing inside ({ tax_id: { type: 'x' } }) also fails its null branch: show only the inner reasons.
  for (const [path, found] of byPath) {
    const onlyUnion = found.every((e) => e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
    if (onlyUnion && [...byPath.keys()].some((p) => p.startsWith(`${path}/`))) byPath.delete(path);
  }
  const fields: FieldError[] = [...byPath].map(([path, found]) => fieldError(path, location, found));
  const summary = fields.map((f) => `${f.path.slice(1).replaceAll('/', '.') || location} ${f.message}`).join('; ');
  return new AppError('validation_error', summary, fields);
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
    default:
      return 'invalid';
  }
}

function reasonMessage(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'enum') return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  return e.message ?? 'is invalid';
}
