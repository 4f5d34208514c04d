import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app.js';
import type { App } from '../http/context.js';
import { startTestApp, type TestApp } from '../../test/helpers.js';
import { FACE_MESSAGES } from './face.js';
import { FACES } from './index.js';

/** What a face answers for `code` at `path`: its vendor's body, never a problem+json. */
function vendorBody(face: (typeof FACES)[number], status: number, code: 'authentication_required' | 'invalid_credentials' | 'route_not_found', method: string, path: string) {
  const message = code === 'route_not_found' ? FACE_MESSAGES.route_not_found(method, path) : FACE_MESSAGES[code];
  return face.renderError({ status, code, message, fields: [], method, path }).body;
}

describe.each(FACES.map((face) => [face.name, face] as const))('the %s face authenticates every route with its own header', (name, face) => {
  let t: TestApp;
  let app: App;
  let routes: Array<{ method: string; url: string; public: boolean }>;
  let prefix: string;
  beforeAll(async () => {
    t = await startTestApp();
    const built = await buildApp(t.services);
    app = built.app;
    await app.ready();
    prefix = t.services.config.faces[name].prefix;
    routes = built.routes().filter((r) => r.url.startsWith(`${prefix}/`) && r.method !== 'HEAD');
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, '0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f');

  it('serves routes, and marks only its OpenAPI document public (and, where its clients are users, their sign-in)', () => {
    expect(routes.length).toBeGreaterThan(0);
    const open = routes.filter((r) => r.public).map((r) => r.url);
    expect(open).toContain(`${prefix}/openapi.json`);
    const signIn = open.filter((url) => url !== `${prefix}/openapi.json`);
    if (face.userTokens) expect(signIn.every((url) => url.startsWith(`${prefix}/api/v1/auth/`)), signIn.join(', ')).toBe(true);
    else expect(signIn).toEqual([]);
  });

  it('answers 401 in the vendor shape without a key, with a malformed key, with a revoked-looking key and with a /v1 Bearer', async () => {
    const user = await t.newUser(t.merchant.merchantId, 'owner');
    for (const route of routes.filter((r) => !r.public)) {
      const url = concrete(route.url);
      const path = url.slice(prefix.length);
      const attempts: Array<[Record<string, string>, 'authentication_required' | 'invalid_credentials']> = [
        [{}, 'authentication_required'],
        ...(readsBearer(face) ? [] : [[{ authorization: `Bearer ${t.merchant.token}` }, 'authentication_required'] as [Record<string, string>, 'authentication_required']]),
        ...keyHeaders(face, 'not-a-key').map((h): [Record<string, string>, 'invalid_credentials'] => [h, 'invalid_credentials']),
        ...keyHeaders(face, `${t.merchant.token.slice(0, -4)}${t.merchant.token.endsWith('zzzz') ? '0000' : 'zzzz'}`).map((h): [Record<string, string>, 'invalid_credentials'] => [h, 'invalid_credentials']),
        // A user's access token is refused, unless the vendor's clients are users (IC's store and branch users).
        ...(face.userTokens ? [] : keyHeaders(face, user.token).map((h): [Record<string, string>, 'invalid_credentials'] => [h, 'invalid_credentials'])),
      ];
      for (const [headers, code] of attempts) {
        const res = await app.inject({ method: route.method as 'GET', url, headers: { 'content-type': 'application/json', ...headers }, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}' });
        const label = `${route.method} ${url} ${JSON.stringify(headers).slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 120)}`;
        expect(res.statusCode, label).toBe(401);
        expect(res.headers['content-type'], label).toMatch(/^application\/json/);
        expect(res.json(), label).toEqual(vendorBody(face, 401, code, route.method, path));
      }
    }
  });

  it('answers an unknown path under the face in the vendor shape: 401 to a stranger, 404 to a merchant', async () => {
    const stranger = await app.inject({ method: 'GET', url: `${prefix}/nothing/here` });
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json()).toEqual(vendorBody(face, 401, 'authentication_required', 'GET', '/nothing/here'));
    for (const headers of keyHeaders(face, t.merchant.token)) {
      const res = await app.inject({ method: 'DELETE', url: `${prefix}/nothing/here?x=1`, headers });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual(vendorBody(face, 404, 'route_not_found', 'DELETE', '/nothing/here'));
    }
  });

  it("answers what the router refuses before any route runs (bad percent-encoding, an over-long id) in the vendor shape", async () => {
    const withId = routes.find((r) => r.method === 'GET' && /\/:[a-zA-Z]+$/.test(r.url));
    expect(withId, 'a GET route ending in a path parameter').toBeDefined();
    const base = withId!.url.replace(/:[a-zA-Z]+$/, '');
    for (const headers of keyHeaders(face, t.merchant.token)) {
      for (const url of [`${base}%E0%A4%A`, `${base}${'a'.repeat(300)}`]) {
        const res = await app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      }
    }
  });

  it.skipIf(readsBearer(face))('keeps /v1 refusing the vendor header: it is no Bearer', async () => {
    for (const headers of keyHeaders(face, t.merchant.token)) {
      const res = await app.inject({ method: 'GET', url: '/v1/orders', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

function readsBearer(face: (typeof FACES)[number]): boolean {
  return face.apiKey({ headers: { authorization: 'Bearer sk_test_x' } } as never) !== undefined;
}

/** The vendor's header carrying `key`: the face reads it from a request (found by trying the usual ones). */
function keyHeaders(face: (typeof FACES)[number], key: string): Array<Record<string, string>> {
  const candidates: Array<Record<string, string>> = [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }];
  const found = candidates.filter((headers) => face.apiKey({ headers } as never) === key);
  if (!found.length) throw new Error(`${face.name}: none of the usual headers carries the key`);
  return found;
}
