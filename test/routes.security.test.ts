import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { expectProblem, startTestApp, type TestApp } from './helpers.js';

/** Every spelling of a path that a router, proxy or client might treat as the same path. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return [
    `/${encodeAll(segments[0]!)}/${segments.slice(1).join('/')}`,
    `/%761/${segments.slice(1).join('/')}`,
    `/${segments.map(encodeAll).join('/')}`,
    `/${segments.map((s) => s.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`,
    `/${path}`,
    path.replace(/\//g, '//'),
    `${path}/`,
    `/${segments[0]}/./${segments.slice(1).join('/')}`,
    `/x/../${segments.join('/')}`,
    `/${segments[0]}/%2e/${segments.slice(1).join('/')}`,
    path.toUpperCase(),
    path.replace(/^\/v1/, '/V1'),
    `${path};x=1`,
    `${path}?x=1`,
  ];
}

describe('authentication is attached to the route, denied by default', () => {
  let t: TestApp;
  let app: App;
  let routes: Array<{ method: string; url: string; public: boolean }>;
  beforeAll(async () => {
    t = await startTestApp();
    // A second app on the same services, to read the table of every route it registers.
    const built = await buildApp(t.services);
    app = built.app;
    await app.ready();
    routes = built.routes();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const concrete = (url: string) => url.replace(/:id/g, 'ord_0000000000000000000000000a');

  it('marks only sign-in (IC\'s face\'s too), operations, the API reference, the providers\' hook and the payer\'s checkout public', () => {
    const open = [...new Set(routes.filter((r) => r.public).map((r) => r.url))];
    for (const url of open) expect(url).toMatch(/^\/(healthz|readyz|metrics|openapi\.json|docs(\/|$)|v1\/auth\/(token|refresh)|hooks\/:rail\/:provider(\/\*)?$|sandbox\/card\/challenge\/:merchant\/:reference$|compat\/[a-z]+\/openapi\.json$|compat\/ic\/api\/v1\/auth\/(login|refresh)$|c\/:key(\/(pay|cancel|status|events|logo|payments\/:payment\/:document))?$|l\/:code$|checkout\/assets\/checkout\.(js|css)$)/);
    expect(routes.filter((r) => !r.public).length).toBeGreaterThan(10);
  });

  it('answers 401 to every spelling of every protected route without a credential', async () => {
    // Vendor faces answer in their vendor's shape: src/compat/face.security.test.ts.
    const protectedRoutes = routes.filter((r) => !r.public && r.method !== 'HEAD' && !r.url.startsWith('/compat/'));
    for (const route of protectedRoutes) {
      for (const url of [concrete(route.url), ...spellings(concrete(route.url))]) {
        const res = await app.inject({ method: route.method as 'GET', url, headers: { 'content-type': 'application/json' }, payload: route.method === 'GET' ? undefined : '{}' });
        const label = `${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`;
        expect([401, 400], label).toContain(res.statusCode);
        expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
        if (res.statusCode === 400) expect(res.json().code, label).toBe('bad_request');
      }
    }
  });

  it('answers 401 to paths no route matches, so an unknown path tells a stranger nothing', async () => {
    for (const url of ['/v1/nothing', '/', '/v2/orders', '/admin']) {
      expectProblem(await t.request('GET', url, { token: null }), 401, 'authentication_required');
    }
  });

  it('still serves the public routes without a credential', async () => {
    expect((await t.request('GET', '/healthz', { token: null })).status).toBe(200);
    expect((await t.request('GET', '/openapi.json', { token: null })).status).toBe(200);
    expect((await t.request('GET', '/docs/', { token: null })).status).toBe(200);
    expectProblem(await t.request('POST', '/v1/auth/token', { token: null, body: {} }), 400, 'validation_error');
    // The checkout's key is its credential: a key no order has is the checkout's own page, not a 401.
    const checkout = await t.request('GET', '/c/AAAAAAAAAAAAAAAAAAAAAA', { token: null });
    expect([checkout.status, checkout.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
  });
});

describe('unmatched methods and paths, for a caller with a credential', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('answers 405 with Allow for a method the path does not take', async () => {
    const res = await t.request('DELETE', '/v1/orders');
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    const one = await t.request('PUT', '/v1/orders/ord_0000000000000000000000000a');
    expectProblem(one, 405, 'method_not_allowed');
    expect(one.headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers 405 whatever the body holds, and for an id longer than any route accepts', async () => {
    for (const body of ['{', Buffer.from([0x7b, 0xff, 0x7d])]) {
      const res = await t.app.inject({ method: 'PUT', url: '/v1/customers', headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json' }, payload: body });
      expect(res.statusCode).toBe(405);
    }
    const long = await t.request('PUT', `/v1/orders/${'a'.repeat(101)}`);
    expectProblem(long, 405, 'method_not_allowed');
  });

  it('answers 404 problem+json for a path no route has', async () => {
    expectProblem(await t.request('GET', '/v1/nothing'), 404, 'route_not_found');
  });

  it('answers problem+json for a bad percent-encoding and an over-long id', async () => {
    expectProblem(await t.request('GET', '/v1/orders/%E0%A4%A'), 400, 'bad_request');
    expectProblem(await t.request('GET', `/v1/orders/ord_${'a'.repeat(300)}`), 414, 'uri_too_long');
  });
});
