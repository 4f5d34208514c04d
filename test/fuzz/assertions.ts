import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isJson, type Operation, type Parameter, type Schema } from './openapi.js';
import type { FuzzRequest } from './requests.js';
import type { Reply } from './transport.js';

/**
 * Statuses any route may answer without documenting them, all as problem+json: no credentials, no such
 * route or object, a method the path does not have, a body or URL or headers too large, a media type
 * refused, the rate limit. Everything else a route answers must be in its own responses.
 */
export const UNIVERSAL_STATUSES: readonly number[] = [401, 404, 405, 413, 414, 415, 429, 431];
/**
 * A URL that is not validly percent-encoded cannot be read as any route's path or query, so any route may
 * answer it 400 `bad_request` (before 405, too); other 400s must be documented.
 */
const MALFORMED_URL_CODE = 'bad_request';
/** A problem lists at most this many field errors (and counts the rest). */
export const MAX_FIELD_ERRORS = 50;
/** A problem+json answer is never larger than this. */
export const MAX_PROBLEM_BYTES = 64 * 1024;
/** An answer slower than this is a failure: hostile input must not stall the server. */
export const SLOW_MS = 8_000;

export interface Failure {
  /** What kind of wrong: server-error, undocumented-status, not-problem-json, accepted-invalid, readback, … */
  check: string;
  status: number;
  message: string;
  /**
   * The failure's cause in words stable across inputs (the problem code, the schema path that failed),
   * for telling failures apart; empty when the answer says nothing about its cause (a 500), and then
   * the request's hostile tags tell instead.
   */
  cause: string;
}

const FALLBACK_PROBLEM: Schema = { type: 'object', required: ['type', 'title', 'status'], properties: { status: { type: 'integer' } } };

export class Checker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  readonly problem: Schema;

  constructor(doc: Schema, private readonly credentials: string[]) {
    addFormats.default(this.ajv);
    this.problem = doc.components?.schemas?.Problem ?? FALLBACK_PROBLEM;
  }

  validate(schema: Schema, value: unknown): string | null {
    let fn = this.compiled.get(schema);
    if (!fn) this.compiled.set(schema, (fn = this.ajv.compile(schema)));
    return fn(value) ? null : this.ajv.errorsText(fn.errors, { dataVar: '' }).slice(0, 300);
  }

  /** Why this request must not succeed, judged from the document alone; empty when it may. */
  refusalReasons(op: Operation, req: FuzzRequest): string[] {
    const reasons: string[] = [];
    const header = (name: string) => [req.headers[name]].flat()[0];
    if (!op.public) {
      const auth = [req.headers.authorization].flat().join(',');
      if (!this.credentials.some((c) => auth.includes(c))) reasons.push('no valid credentials');
    }
    if (op.body && req.body !== null && req.body !== '') reasons.push(...this.bodyReasons(op, req, header('content-type')));
    const [path, query = ''] = splitUrl(req.url);
    reasons.push(...this.pathReasons(op, path), ...this.queryReasons(op.parameters.filter((p) => p.in === 'query'), query));
    return reasons;
  }

  private bodyReasons(op: Operation, req: FuzzRequest, contentType: string | undefined): string[] {
    if (contentType === undefined) return ['a body without Content-Type'];
    const [media = '', ...params] = contentType.split(';').map((s) => s.trim());
    if (!op.body!.mediaTypes.some((m) => m.toLowerCase() === media.toLowerCase())) return [`media type ${JSON.stringify(media)} is not documented`];
    const charset = params.find((p) => /^charset=/i.test(p))?.slice(8).replace(/^"|"$/g, '');
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return [`charset ${JSON.stringify(charset)} is not UTF-8`];
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.from(req.body!, req.bodyEncoding ?? 'utf8'));
    } catch {
      return ['the body is not valid UTF-8'];
    }
    if (text.startsWith('\ufeff') || hasDuplicateKey(text)) return []; // RFC 8259 leaves both to the parser
    if (!isJson(media)) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return ['the body is not JSON'];
    }
    const invalid = this.validate(op.body!.schema, value);
    return invalid ? [`the body does not match its schema: ${invalid}`] : [];
  }

  private pathReasons(op: Operation, path: string): string[] {
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (!names.length) return [];
    const template = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    const values = template.exec(path)?.slice(1) ?? [];
    return names.flatMap((name, i) => {
      const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
      const decoded = decode(values[i] ?? '');
      if (decoded === null) return [`path parameter ${name} is not validly percent-encoded UTF-8`];
      const invalid = param ? this.validate(param.schema, decoded) : null;
      return invalid ? [`path parameter ${name}: ${invalid}`] : [];
    });
  }

  private queryReasons(params: Parameter[], query: string): string[] {
    const values = new Map<string, string[]>();
    for (const pair of query ? query.split('&') : []) {
      const eq = pair.indexOf('=');
      const name = decode(eq === -1 ? pair : pair.slice(0, eq));
      const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
      if (name === null || value === null) return ['the query is not validly percent-encoded UTF-8'];
      values.set(name, [...(values.get(name) ?? []), value]);
    }
    return params.flatMap((p) => {
      const given = values.get(p.name);
      if (!given) return p.required ? [`query parameter ${p.name} is required`] : [];
      const isArray = p.schema.type === 'array';
      if (!isArray && given.length > 1) return [`query parameter ${p.name} is given ${given.length} times`];
      const itemSchema: Schema = isArray ? (p.schema.items ?? {}) : p.schema;
      const typed = given.map((v) => typedQueryValue(itemSchema, v));
      if (typed.some((t) => t === INVALID)) return [`query parameter ${p.name} is not a ${String(itemSchema.type)} (${JSON.stringify(given)})`];
      const invalid = this.validate(p.schema, isArray ? typed : typed[0]);
      return invalid ? [`query parameter ${p.name}: ${invalid}`] : [];
    });
  }

  /** The checks every answer must pass. `op` is the operation the method and path reach; `methods` those the path has. */
  check(op: Operation | undefined, methods: string[], req: FuzzRequest, reply: Reply): Failure[] {
    const failures: Failure[] = [];
    const fail = (check: string, message: string, cause = check) => failures.push({ check, status: reply.status, message, cause: normalize(cause) });
    const documented = op?.responses ?? new Map<number, Schema | undefined>();
    const type = String(reply.headers['content-type'] ?? '');
    const json = parseJson(reply.text);

    const code = String((json as { code?: unknown } | undefined)?.code ?? type.split(';')[0]);
    if (reply.status >= 500) fail('server-error', `answered ${reply.status}: ${reply.text.slice(0, 300)}`, '');
    else if (!documented.has(reply.status) && !UNIVERSAL_STATUSES.includes(reply.status) && !(reply.status === 400 && code === MALFORMED_URL_CODE)) {
      fail('undocumented-status', `${reply.status} is not among the route's documented ${[...documented.keys()].join(', ') || '(none)'} nor the universal ${UNIVERSAL_STATUSES.join(', ')}: ${reply.text.slice(0, 200)}`, code);
    }
    if (reply.ms > SLOW_MS) fail('slow', `took ${Math.round(reply.ms)} ms`, '');

    if (!op && methods.length) {
      if (reply.status === 404) fail('method-not-allowed', `${req.method} on a path that has ${methods.join(', ')} answers 404, not 405 with Allow`);
    }
    if (reply.status === 405) {
      const allow = String(reply.headers.allow ?? '').split(',').map((m) => m.trim().toUpperCase());
      const missing = methods.filter((m) => !allow.includes(m));
      if (!reply.headers.allow || missing.length) fail('allow-header', `405 with Allow ${JSON.stringify(reply.headers.allow)}, which lacks ${missing.join(', ') || 'everything'}`);
    }

    if (reply.status >= 400 && reply.status < 600) {
      if (!/^application\/problem\+json(;|$)/i.test(type)) fail('not-problem-json', `${reply.status} as ${JSON.stringify(type)}: ${reply.text.slice(0, 200)}`, type.split(';')[0]);
      if (reply.bytes > MAX_PROBLEM_BYTES) fail('oversized-problem', `a ${reply.bytes}-byte problem`);
      if (json === undefined) fail('problem-schema', `the body is not JSON: ${reply.text.slice(0, 200)}`);
      else if (reply.status < 500) {
        const schema = documented.get(reply.status) ?? this.problem;
        const invalid = this.validate(schema, json);
        if (invalid) fail('problem-schema', `does not match the documented schema for ${reply.status}: ${invalid}`, invalid);
        const body = json as Record<string, unknown>;
        if (body.status !== reply.status) fail('problem-status', `problem status ${JSON.stringify(body.status)} on a ${reply.status} answer`);
        const requestId = reply.headers['request-id'];
        if (!requestId || requestId !== body.request_id) fail('request-id', `Request-Id header ${JSON.stringify(requestId)}, problem request_id ${JSON.stringify(body.request_id)}`);
        if (Array.isArray(body.errors) && body.errors.length > MAX_FIELD_ERRORS) fail('too-many-errors', `${body.errors.length} field errors (at most ${MAX_FIELD_ERRORS})`);
      }
    }

    if (reply.status >= 200 && reply.status < 300 && op) {
      const reasons = this.refusalReasons(op, req);
      if (reasons.length) fail('accepted-invalid', `answered ${reply.status} to a request it must refuse: ${reasons.join('; ')}`, reasons.join('; '));
      const schema = documented.get(reply.status);
      if (schema) {
        if (!/^application\/([\w.-]+\+)?json(;|$)/i.test(type)) fail('not-json', `${reply.status} as ${JSON.stringify(type)}`, type);
        else if (json === undefined) fail('response-schema', 'the body is not JSON');
        else {
          const invalid = this.validate(schema, json);
          if (invalid) fail('response-schema', `does not match the documented ${reply.status} schema: ${invalid}`, invalid);
        }
      }
    }
    return failures;
  }
}

/** Words of a cause without the input's particulars: quoted values, numbers, parenthesized detail. */
export function normalize(cause: string): string {
  return cause
    .replace(/\([^)]*\)/g, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .trim();
}

const INVALID = Symbol('invalid');

/** A query value as the type its schema declares, or INVALID: integers are decimal digits only, booleans true/false. */
function typedQueryValue(schema: Schema, value: string): unknown {
  const types: unknown[] = [schema.type].flat();
  if (types.includes('string') || !schema.type) return value;
  if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
  if (types.includes('number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === '') return null;
  return INVALID;
}

function splitUrl(url: string): [string, string?] {
  const q = url.indexOf('?');
  return q === -1 ? [url] : [url.slice(0, q), url.slice(q + 1)];
}

/** Percent-decoding as UTF-8 ('+' is a space in queries); null when not valid. */
function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A key given twice in one object: JSON.parse keeps the last, so the key tokens outnumber the parsed keys. */
function hasDuplicateKey(text: string): boolean {
  try {
    return countKeys(text) !== countParsedKeys(text);
  } catch {
    return false;
  }
}

function countKeys(text: string): number {
  return (text.match(/"(?:[^"\\]|\\.)*"\s*:/g) ?? []).length;
}

function countParsedKeys(text: string): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) {
        n++;
        walk(x);
      }
    }
  };
  walk(JSON.parse(text));
  return n;
}
