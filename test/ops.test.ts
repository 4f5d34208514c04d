import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { orderBody, startTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect((await t.request('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz', { token: null })).body).toMatchObject({ status: 'ready' });
  });

  it('exposes Prometheus metrics with per-route request counts', async () => {
    await t.request('POST', '/v1/orders', { body: orderBody() });
    const res = await t.request('GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/payorders_http_requests_total\{method="POST",route="\/v1\/orders",status="201"\} 1/);
    expect(res.body).toContain('payorders_http_request_duration_seconds_bucket');
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and a docs page', async () => {
    const spec = (await t.request('GET', '/openapi.json', { token: null })).body;
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    expect(operations).toEqual(
      expect.arrayContaining(['createOrder', 'retrieveOrder', 'listOrders', 'updateOrder', 'cancelOrder', 'createCustomer', 'listEvents', 'issueToken']),
    );
    expect(spec.paths['/v1/orders'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateOrderRequest' });
    expect(spec.components.schemas.CreateOrderRequest.required).toEqual(['currency']);
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/openapi.json');
    expect(docs.body).not.toContain('fonts.scalar.com');
  });

  it('echoes a sane X-Request-Id and replaces a malformed one', async () => {
    const kept = await t.request('GET', '/healthz', { token: null, headers: { 'x-request-id': 'lb-1234.abcd' } });
    expect(kept.headers['request-id']).toBe('lb-1234.abcd');
    const replaced = await t.request('GET', '/healthz', { token: null, headers: { 'x-request-id': 'bad id\u0001' } });
    expect(replaced.headers['request-id']).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it('answers unknown routes with a problem+json 404 to a caller with a credential', async () => {
    const res = await t.request('GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'route_not_found', status: 404 });
  });
});

describe('rate limiting', () => {
  it('limits each caller per second with the usual headers and a 429 with Retry-After', async () => {
    const { app } = await buildApp({ ...t.services, config: { ...t.services.config, rateLimitPerSecond: 3 } });
    const get = (token: string) => app.inject({ method: 'GET', url: '/v1/orders', headers: { authorization: `Bearer ${token}` } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(t.merchant.token));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
    expect(answers[3]!.headers['retry-after']).toBe('1');
    expect(answers[3]!.json()).toMatchObject({ code: 'rate_limited' });
    expect((await get(t.merchant.live)).statusCode).toBe(200);
    t.clock.advance(1000);
    expect((await get(t.merchant.token)).statusCode).toBe(200);
    const signIn = () => app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: 'nobody@example.com', password: 'guess' } });
    const attempts = [];
    for (let i = 0; i < 4; i++) attempts.push((await signIn()).statusCode);
    expect(attempts).toEqual([401, 401, 401, 429]);
    await app.close();
  });
});

describe('logs', () => {
  it('write one line per request and never the API key', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { app } = await buildApp(t.services, pino({ level: 'info' }, sink));
    const res = await app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(orderBody()),
    });
    expect(res.statusCode).toBe(201);
    await app.close();
    const requestLines = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requestLines).toHaveLength(1);
    expect(JSON.parse(requestLines[0]!)).toMatchObject({ method: 'POST', route: '/v1/orders', status: 201, merchant: t.merchant.merchantId });
    expect(lines.join('')).not.toContain(t.merchant.token.slice(8));
  });
});
