import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startTestApp, type TestApp } from '../../test/helpers.js';
import { facePort } from './face.js';
import { FACES } from './index.js';

describe('where a face is served: its prefix, its own port, its Host names', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { faces } = loadConfig({
      PAYORDERS_FACE_CERTOPAY_PREFIX: '/gateways/certo',
      PAYORDERS_FACE_CERTOPAY_PORT: '0',
      PAYORDERS_FACE_CERTOPAY_HOST: 'certopay.pay.example.com, api.certo.example',
    });
    t = await startTestApp({ faces });
  });
  afterAll(() => t.close());

  const key = () => ({ 'x-api-key': t.merchant.token });

  it('answers under the configured prefix, and no longer under the default one', async () => {
    const res = await t.request('GET', '/gateways/certo/api/orders', { token: null, headers: key() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const old = await t.request('GET', '/compat/certopay/api/orders', { token: null, headers: key() });
    expect(old.status).toBe(401);
    expect(old.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers at the root of a configured Host name (any case, any port), and only there', async () => {
    for (const host of ['certopay.pay.example.com', 'API.CERTO.example:8443', 'certopay.pay.example.com.']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/orders?x=1', headers: { host, ...key() } });
      expect(res.statusCode, host).toBe(200);
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/api/nothing', headers: { host: 'certopay.pay.example.com', ...key() } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ statusCode: 404, message: 'Cannot GET /api/nothing', error: 'Not Found' });
    const elsewhere = await t.app.inject({ method: 'GET', url: '/api/orders', headers: { host: 'pay.example.com', ...key() } });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.headers['content-type']).toMatch(/^application\/problem\+json/);
    const v1 = await t.app.inject({ method: 'GET', url: '/v1/orders', headers: { host: 'pay.example.com', authorization: `Bearer ${t.merchant.token}` } });
    expect(v1.statusCode).toBe(200);
  });

  it('answers at the root of its own port, where every path is the face\'s', async () => {
    const port = facePort(t.app, 'certopay');
    expect(port).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/api/orders`, { method: 'POST', headers: { ...key(), 'content-type': 'application/json' }, body: '{"customerId":"nobody","amount":100}' });
    expect(created.status).toBe(404);
    expect(await created.json()).toEqual({ statusCode: 404, message: 'Customer not found', error: 'Not Found' });
    const list = await fetch(`${base}/api/orders`, { headers: key() });
    expect(list.status).toBe(200);
    const v1 = await fetch(`${base}/v1/orders`, { headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect(v1.status).toBe(401);
    expect(await v1.json()).toEqual({ statusCode: 401, message: 'API key is required (X-Api-Key)', error: 'Unauthorized' });
    const doc = await fetch(`${base}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { info: { title: string } }).info.title).toBe('CertoPay Brasil compatible API');
  });
});

describe('each face publishes its own OpenAPI document, listed on /docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it.each(FACES.map((face) => [face.name, face] as const))('%s: <prefix>/openapi.json documents exactly the routes the face serves', async (name, face) => {
    const prefix = t.services.config.faces[name].prefix;
    const res = await t.request('GET', `${prefix}/openapi.json`, { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: '3.1.0', info: { title: face.title }, servers: [{ url: `${t.services.config.publicBaseUrl}${prefix}` }] });
    expect(res.body.components.securitySchemes.apiKey).toEqual(face.securityScheme);
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const routes = (await routeTable(t)).filter((r) => r.url.startsWith(`${prefix}/`) && r.method !== 'HEAD' && r.url !== `${prefix}/openapi.json`);
    expect(documented).toEqual(routes.map((r) => `${r.method} ${r.url.slice(prefix.length).replace(/:(\w+)/g, '{$1}')}`).sort());
    for (const operation of Object.values(res.body.paths as Record<string, Record<string, { responses: object }>>).flatMap(Object.values)) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
  });

  it('keeps face routes out of the /v1 document, and lists every document on /docs', async () => {
    const v1 = await t.request('GET', '/openapi.json', { token: null });
    expect(Object.keys(v1.body.paths).filter((p) => p.startsWith('/compat/'))).toEqual([]);
    const docs = await t.request('GET', '/docs/', { token: null });
    expect(docs.status).toBe(200);
    for (const face of FACES) expect(docs.body).toContain(`${t.services.config.faces[face.name].prefix}/openapi.json`);
  });
});

async function routeTable(t: TestApp) {
  const { buildApp } = await import('../http/app.js');
  const built = await buildApp(t.services);
  await built.app.ready();
  const routes = built.routes();
  await built.app.close();
  return routes;
}
