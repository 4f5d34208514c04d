import fc from 'fast-check';
import {
  authorization,
  contentType,
  extraHeaders,
  hostilePathId,
  hostileQueryInteger,
  idempotencyKey,
  oneof,
  pct,
  plain,
  RawJson,
  requestId,
  tagAll,
  toJsonText,
  type Credentials,
  type Gen,
} from './hostile.js';
import type { Operation, Parameter } from './openapi.js';
import { arbitraryFor, type ArbitraryContext } from './schema-arbitraries.js';

/** One HTTP request, as the corpus stores it: the body is the raw text, encoded per bodyEncoding (default utf8). */
export interface FuzzRequest {
  method: string;
  url: string;
  /** An array sends the header once per value. */
  headers: Record<string, string | string[]>;
  body: string | null;
  bodyEncoding?: 'utf8' | 'latin1' | 'utf16le' | 'base64';
  /** http: over a socket to the listening server (Node's parser and limits apply); inject: Fastify's inject. */
  transport?: 'inject' | 'http';
}

export interface Generated {
  request: FuzzRequest;
  /** The hostile mutations it carries, e.g. ["nul", "auth:malformed"]. */
  tags: string[];
}

export interface RequestContext extends ArbitraryContext {
  credentials: Credentials;
  /** Ids of real objects, already URL text, for path parameters. */
  pathIds: string[];
}

/** Most requests carry a mutation or two; some are valid throughout; a few are hostile everywhere. */
const LEVELS = [
  { weight: 2, hostility: 0 },
  { weight: 4, hostility: 1 },
  { weight: 1, hostility: 4 },
];

/** Requests for one operation: schema-derived parts with hostile mutations mixed in, at three levels of hostility. */
export function requestArbitrary(op: Operation, methodsOnPath: string[], base: RequestContext): fc.Arbitrary<Generated> {
  return oneof(...LEVELS.map(({ weight, hostility }) => ({ weight, arbitrary: atLevel(op, methodsOnPath, { ...base, hostility }) })));
}

function atLevel(op: Operation, methodsOnPath: string[], ctx: RequestContext): fc.Arbitrary<Generated> {
  const hostile = ctx.hostility > 0;
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methodsOnPath.includes(m));
  const method: fc.Arbitrary<Gen<string>> =
    hostile && others.length ? oneof({ weight: 15, arbitrary: fc.constant(plain(op.method)) }, { weight: 1, arbitrary: tagAll('method-not-allowed', others) }) : fc.constant(plain(op.method));
  const hasBody = op.body !== null;
  return fc
    .record({
      method,
      path: pathArbitrary(op, ctx),
      query: queryArbitrary(op.parameters.filter((p) => p.in === 'query'), ctx),
      auth: hostile ? authorization(ctx.credentials) : fc.constant(plain<string | null>(`Bearer ${Object.values(ctx.credentials.tokens)[0]}`)),
      contentType: hasBody && hostile ? contentType() : fc.constant(plain<string | null>(hasBody ? 'application/json' : null)),
      idempotencyKey: op.method === 'POST' ? idempotencyKey() : fc.constant(plain<string | string[] | null>(null)),
      requestId: hostile ? requestId() : fc.constant(plain<string | string[] | null>(null)),
      extra: hostile ? extraHeaders() : fc.constant(plain<Record<string, string>>({})),
      body: hasBody
        ? bodyArbitrary(op, ctx)
        : hostile
          ? oneof({ weight: 10, arbitrary: fc.constant(plain(text(null))) }, { weight: 1, arbitrary: tagAll('body-without-schema', ['{}', '{"a":1}', 'x']).map((g) => ({ value: text(g.value), tags: g.tags })) })
          : fc.constant(plain(text(null))),
      http: oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map((r) => {
      const headers: Record<string, string | string[]> = { ...r.extra.value };
      if (r.auth.value !== null) headers.authorization = r.auth.value;
      const body = r.body.value;
      if (body.text !== null && r.contentType.value !== null) headers['content-type'] = r.contentType.value;
      if (r.idempotencyKey.value !== null) headers['idempotency-key'] = r.idempotencyKey.value;
      if (r.requestId.value !== null) headers['x-request-id'] = r.requestId.value;
      const charset = /charset=([\w-]*)/i.exec(r.contentType.value ?? '')?.[1]?.toLowerCase();
      const bodyEncoding = body.encoding ?? (charset && /latin1|8859|1252/.test(charset) ? 'latin1' : charset === 'utf-16' ? 'utf16le' : undefined);
      const request: FuzzRequest = {
        method: r.method.value,
        url: r.path.value + (r.query.value ? `?${r.query.value}` : ''),
        headers,
        body: body.text,
        ...(bodyEncoding && body.text !== null ? { bodyEncoding } : {}),
        ...(r.http ? { transport: 'http' as const } : {}),
      };
      const tags = [r.method, r.path, r.query, r.auth, r.contentType, r.idempotencyKey, r.requestId, r.extra, r.body].flatMap((g) => g.tags);
      return { request, tags: [...new Set(tags)].sort() };
    });
}

function pathArbitrary(op: Operation, ctx: RequestContext): fc.Arbitrary<Gen<string>> {
  const params = op.parameters.filter((p) => p.in === 'path');
  if (!params.length) return fc.constant(plain(op.path));
  const value = (p: Parameter): fc.Arbitrary<Gen<string>> => {
    const derived = arbitraryFor(p.schema, { ...ctx, hostility: 0 }).map((g) => ({ value: pct(textOf(g.value)), tags: g.tags }));
    const options: Array<fc.WeightedArbitrary<Gen<string>>> = [{ weight: 2, arbitrary: derived }];
    if (ctx.pathIds.length) options.push({ weight: 5, arbitrary: fc.constantFrom(...ctx.pathIds).map(plain) });
    if (ctx.hostility) options.push({ weight: ctx.hostility, arbitrary: hostilePathId() });
    return oneof(...options);
  };
  return fc.tuple(...params.map(value)).map((values) => {
    let path = op.path;
    params.forEach((p, i) => (path = path.replace(`{${p.name}}`, values[i]!.value)));
    return { value: path, tags: values.flatMap((v) => v.tags) };
  });
}

/** The query string (without "?"), each parameter schema-derived or hostile; arrays repeat the parameter. */
function queryArbitrary(params: Parameter[], ctx: RequestContext): fc.Arbitrary<Gen<string>> {
  const hostile = ctx.hostility > 0;
  const one = (p: Parameter): fc.Arbitrary<Gen<string[]>> => {
    const name = pct(p.name);
    const valid = arbitraryFor(p.schema, ctx, p.name).map((g) => ({ value: queryPairs(name, g.value), tags: g.tags }));
    const options: Array<fc.WeightedArbitrary<Gen<string[]>>> = [{ weight: 10, arbitrary: valid }];
    if (hostile && (p.schema.type === 'integer' || p.schema.type === 'number')) {
      options.push({ weight: 2 * ctx.hostility, arbitrary: hostileQueryInteger().map((g) => ({ value: [`${name}=${g.value}`], tags: g.tags })) });
    }
    if (hostile) options.push({ weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%C3', '%ED%A0%80', '%00', '%FF%FE').map((v) => ({ value: [`${name}=${v}`], tags: [v === '%00' ? 'nul' : 'query:bad-percent'] })) });
    if (hostile) options.push({ weight: 1, arbitrary: tagAll('query:repeated', [2, 3]).map((g) => ({ ...g, value: Array<string>(g.value).fill(`${name}=1`) })) });
    if (hostile) options.push({ weight: 1, arbitrary: tagAll('query:spelling', [`${name}[]=1`, `${name}`, `${name}=`, `${encodeURIComponent(p.name).toUpperCase()}=1`]).map((g) => ({ ...g, value: [g.value] })) });
    const present = oneof(...options);
    if (p.required) {
      if (!hostile) return present;
      return oneof({ weight: 10, arbitrary: present }, { weight: 1, arbitrary: fc.constant<Gen<string[]>>({ value: [], tags: ['missing-required'] }) });
    }
    return oneof({ weight: 1, arbitrary: fc.constant(plain<string[]>([])) }, { weight: 1, arbitrary: present });
  };
  const unknown: fc.Arbitrary<Gen<string[]>> = hostile
    ? oneof({ weight: 8, arbitrary: fc.constant(plain<string[]>([])) }, { weight: 1, arbitrary: tagAll('unknown-query', [['unknown=1'], ['expand[]=customer'], ['__proto__=x'], ['a=%00']]) })
    : fc.constant(plain<string[]>([]));
  return fc.tuple(fc.tuple(...params.map(one)), unknown).map(([parts, extra]) => {
    const all = [...parts, extra];
    return { value: all.flatMap((g) => g.value).join('&'), tags: all.flatMap((g) => g.tags) };
  });
}

function queryPairs(name: string, value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => `${name}=${pct(textOf(v))}`);
  return [`${name}=${pct(textOf(value))}`];
}

function textOf(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'object') return toJsonText(value);
  return String(value);
}

type Body = { text: string | null; encoding?: FuzzRequest['bodyEncoding'] };
const text = (value: string | null): Body => ({ text: value });

function bodyArbitrary(op: Operation, ctx: RequestContext): fc.Arbitrary<Gen<Body>> {
  const json = arbitraryFor(op.body!.schema, ctx).map((g) => ({ value: toJsonText(g.value), tags: g.tags }));
  const asBody = (g: Gen<string>): Gen<Body> => ({ value: text(g.value), tags: g.tags });
  if (!ctx.hostility) return oneof({ weight: 12, arbitrary: json.map(asBody) }, { weight: 1, arbitrary: fc.constant(plain(text(null))) });
  const mangled = fc
    .tuple(
      json,
      fc.constantFrom<[string, (s: string) => string]>(
        ['invalid-json', (s) => s.slice(0, Math.max(1, s.length - 1))],
        ['invalid-json', (s) => `${s}x`],
        ['invalid-json', (s) => s.replace(/}$/, ',}')],
        ['invalid-json', (s) => s.replace(/"/g, "'")],
        ['invalid-json', (s) => `/* c */${s}`],
        ['bom', (s) => `\ufeff${s}`],
        ['duplicate-key', (s) => s.replace(/^\{"([^"]+)":/, '{"$1":"first","$1":')],
      ),
    )
    .map(([g, [tag, f]]) => ({ value: text(f(g.value)), tags: [...g.tags, tag] }));
  const invalidUtf8 = json.map((g) => ({ value: { text: invalidUtf8Body(g.value), encoding: 'base64' as const }, tags: [...g.tags, 'invalid-utf8'] }));
  return oneof(
    { weight: 12, arbitrary: json.map(asBody) },
    { weight: 2, arbitrary: mangled },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: tagAll('body:root', ['[]', '"x"', '1', 'null', 'true', '', ' ', 'NaN', '{', '{"a":1}{"b":2}']).map((g) => ({ value: text(g.value), tags: g.tags })) },
    { weight: 1, arbitrary: tagAll('body:huge', [`{"a":"${'x'.repeat(300_000)}"}`, `[${'1,'.repeat(150_000)}1]`]).map((g) => ({ value: text(g.value), tags: g.tags })) },
    { weight: 1, arbitrary: fc.constant(plain(text(null))) },
  );
}

/** Invalid UTF-8 inside the first JSON string (a stray 0xFF, an overlong NUL, a CESU-8 surrogate), base64. */
function invalidUtf8Body(body: string): string {
  const json = body.includes('":"') ? body : '{"x":""}';
  const at = json.indexOf('":"') + 3;
  const bytes = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from(json.slice(at))]);
  return bytes.toString('base64');
}

export function bodyBytes(req: FuzzRequest): Buffer | undefined {
  if (req.body === null) return undefined;
  return Buffer.from(req.body, req.bodyEncoding ?? 'utf8');
}
