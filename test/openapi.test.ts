import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { orderBody, startTestApp, type TestApp } from './helpers.js';

/**
 * The published contract, /openapi.json, as client generators read it: clean under Redocly's strictest
 * built-in ruleset plus the rules the issue names, and the promises a generator cannot check
 * (headers, named components, descriptions) checked here over every operation of the whole document.
 */

const LINT_RULES = {
  // The product ships under no licence yet; an invented one would be worse than none.
  'info-license': 'off',
  'info-license-strict': 'off',
  'operation-4xx-problem-details-rfc7807': 'error',
  'response-contains-header': { severity: 'error', names: { '2XX': ['Request-Id'], '4XX': ['Request-Id'], '5XX': ['Request-Id'], '429': ['Retry-After'] } },
  'no-invalid-schema-examples': 'error',
  'no-invalid-parameter-examples': 'error',
  'array-parameter-serialization': 'error',
  'no-required-schema-properties-undefined': 'error',
  'component-name-unique': 'error',
  'operation-singular-tag': 'error',
  'operation-tag-defined': 'error',
  // Wanted, not yet met by every route: reported, not failed.
  'operation-description': 'warn',
  'parameter-description': 'warn',
};

type Json = Record<string, any>;

let t: TestApp;
let doc: Json;

beforeAll(async () => {
  t = await startTestApp();
  const res = await t.request('GET', '/openapi.json', { token: null });
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => t?.close());

function operations(): Array<{ path: string; method: string; op: Json }> {
  return Object.entries<Json>(doc.paths).flatMap(([path, ops]) => Object.entries<Json>(ops).map(([method, op]) => ({ path, method, op })));
}

const isPublic = (op: Json) => Array.isArray(op.security) && op.security.length === 0;

describe('/openapi.json', () => {
  it('lints clean under Redocly recommended-strict and the contract rules', async () => {
    const config = await createConfig({ extends: ['recommended-strict'], rules: LINT_RULES } as never);
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('declares Idempotency-Key on every POST that takes a credential, and Idempotent-Replayed on its answers', () => {
    const posts = operations().filter(({ method, op }) => method === 'post' && !isPublic(op));
    expect(posts.length).toBeGreaterThan(15);
    for (const { path, op } of posts) {
      expect(op.parameters, path).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (Number(status) < 300 && response.content) expect(response.headers['Idempotent-Replayed'], `${path} ${status}`).toBeDefined();
      }
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
  });

  it('declares Request-Id and the rate-limit headers on every answer, Retry-After on 429', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const where = `${method} ${path} ${status}`;
        expect(Object.keys(response.headers), where).toEqual(expect.arrayContaining(['Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']));
        if (status === '429') expect(response.headers['Retry-After'], where).toEqual({ $ref: '#/components/headers/RetryAfter' });
      }
    }
  });

  it('answers JSON as named components ($ref), errors as problem+json, each with a real description', () => {
    const generic = new Set(['Default Response', 'RFC 9457 problem details', '']);
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const where = `${method} ${path} ${status}`;
        expect(generic.has(response.description ?? ''), `${where}: "${response.description}"`).toBe(false);
        if (Number(status) >= 400) {
          expect(Object.keys(response.content), where).toEqual(['application/problem+json']);
          expect(response.content['application/problem+json'].schema, where).toEqual({ $ref: '#/components/schemas/Problem' });
        } else if (response.content?.['application/json'] && !path.startsWith('/hooks/')) {
          expect(response.content['application/json'].schema.$ref, where).toMatch(/^#\/components\/schemas\/\w+$/);
        }
      }
    }
    expect(doc.paths['/v1/orders'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OrderList' });
    expect(doc.components.schemas.OrderList.properties.data.items).toEqual({ $ref: '#/components/schemas/Order' });
  });

  it('marks no page size required: limit defaults to 10', () => {
    const limits = operations().flatMap(({ op }) => (op.parameters ?? []).filter((p: Json) => p.name === 'limit'));
    expect(limits.length).toBeGreaterThan(5);
    for (const limit of limits) expect(limit).toMatchObject({ in: 'query', required: false, schema: { default: 10, minimum: 1, maximum: 100 } });
  });

  it('explains every tag, and the conventions (minor units, idempotency, pagination, errors, roles) as sections', () => {
    for (const tag of doc.tags) expect(tag.description, tag.name).toBeTruthy();
    const used = new Set(operations().flatMap(({ op }) => op.tags ?? []));
    expect(doc.tags.map((tag: Json) => tag.name).sort()).toEqual([...used].sort());
    for (const section of ['Minor units', 'Idempotency', 'Pagination', 'Errors', 'Roles']) expect(doc.info.description).toContain(`\n## ${section}\n`);
  });

  it('writes < and > in descriptions as entities outside code spans, so <token> survives Markdown', () => {
    const texts: string[] = [];
    JSON.stringify(doc, (key, value) => {
      if ((key === 'description' || key === 'summary') && typeof value === 'string') texts.push(value);
      return value;
    });
    const outsideCode = texts.map((text) => text.replace(/`[^`]*`/g, ''));
    expect(outsideCode.filter((text) => /[<>]/.test(text))).toEqual([]);
    expect(texts.join('\n')).toContain('Authorization: Bearer &lt;token&gt;');
  });

  it('serves /docs with relative links, so it works under a path prefix, and none of the hosted-product buttons', async () => {
    const redirect = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('docs/');
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    // What a browser loads from the page at https://pay.example/pay/docs/, through a proxy that strips /pay.
    const pageUrl = new URL(redirect.headers.location as string, 'https://pay.example/pay/docs');
    expect(pageUrl.href).toBe('https://pay.example/pay/docs/');
    const config = JSON.parse(/createApiReference\('#app', (\{[\s\S]*?\})\)\s*<\/script>/.exec(page.body)![1]!);
    const script = /<script src="([^"]+)"/.exec(page.body)![1]!;
    const loaded = [script, ...config.sources.map((source: { url: string }) => source.url)].map((url) => new URL(url, pageUrl));
    expect(loaded.map((url) => url.pathname)).toEqual(expect.arrayContaining(['/pay/docs/js/scalar.js', '/pay/openapi.json', '/pay/compat/certopay/openapi.json']));
    for (const url of loaded) {
      expect(url.pathname.startsWith('/pay/'), url.href).toBe(true);
      const res = await t.app.inject({ method: 'GET', url: url.pathname.slice('/pay'.length) });
      expect(res.statusCode, url.pathname).toBe(200);
    }
    expect(config).toMatchObject({ hideClientButton: true, showDeveloperTools: 'never', agent: { disabled: true }, mcp: { disabled: true }, telemetry: false });
  });

  it('sends the headers it declares', async () => {
    const limited = await startTestApp({ rateLimitPerSecond: 1 });
    try {
      const key = { 'idempotency-key': 'openapi-headers-1' };
      const first = await limited.request('POST', '/v1/orders', { body: orderBody(), headers: key });
      expect(first.status).toBe(201);
      expect(first.headers['request-id']).toMatch(/^req_/);
      expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const refused = await limited.request('POST', '/v1/orders', { body: orderBody(), headers: key });
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      limited.clock.advance(1000);
      const replay = await limited.request('POST', '/v1/orders', { body: orderBody(), headers: key });
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
    } finally {
      await limited.close();
    }
  });
});
