import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { orderBody, startTestApp, TEST_PASSWORD, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const eventsOf = async (objectId: string) => (await t.request('GET', `/v1/events?object=${objectId}`)).body.data as Array<Record<string, any>>;

describe('every event says who caused it', () => {
  it('names the API key and the request (its Request-Id and Idempotency-Key) behind a write', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody(), headers: { 'idempotency-key': 'audit-1' } });
    const [event] = await eventsOf(created.body.id);
    expect(event).toMatchObject({ type: 'order.created', actor: { type: 'api_key', id: expect.stringMatching(/^key_[0-9a-z]{26}$/) }, request: { id: created.headers['request-id'], idempotency_key: 'audit-1' } });
    expect((await t.request('GET', `/v1/events/${event!.id}`)).body).toEqual(event);
  });

  it('names the user who canceled an order, and the request without a key', async () => {
    const user = await t.newUser(t.merchant.merchantId, 'owner');
    const me = await t.request('POST', '/v1/auth/token', { token: null, body: { email: user.email, password: TEST_PASSWORD } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const canceled = await t.request('POST', `/v1/orders/${order.id}/cancel`, { token: user.token, body: {} });
    const events = await eventsOf(order.id);
    const cancel = events.find((e) => e.type === 'order.canceled')!;
    expect(cancel.actor).toEqual({ type: 'user', id: me.body.user.id });
    expect(cancel.request).toEqual({ id: canceled.headers['request-id'], idempotency_key: null });
  });

  it('names the job that expired an order, with no request', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() }) })).body;
    t.clock.advance(61_000);
    await runExpiry(t);
    const expired = (await eventsOf(order.id)).find((e) => e.type === 'order.expired')!;
    expect(expired.actor).toEqual({ type: 'job', id: 'expiry_sweeper' });
    expect(expired.request).toBeNull();
  });

  it('names the caller of customer events too', async () => {
    const customer = await t.request('POST', '/v1/customers', { body: { name: 'Ana' } });
    const [event] = await eventsOf(customer.body.id);
    expect(event).toMatchObject({ type: 'customer.created', actor: { type: 'api_key' }, request: { id: customer.headers['request-id'] } });
  });
});

describe("each request's log line is an audit record", () => {
  let lines: Array<Record<string, any>>;
  const open = async (trustProxy: boolean | string[]) => {
    lines = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l))), cb()) });
    const { app } = await buildApp({ ...t.services, config: { ...t.services.config, trustProxy } }, pino({ level: 'info' }, sink));
    await app.ready();
    return app;
  };
  const call = (app: App, method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${t.merchant.token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, payload: body ? JSON.stringify(body) : undefined });
  const requestLines = () => lines.filter((l) => l.msg === 'request');

  it('carries the caller, the client address, the object and whether it was a replay, never the secret', async () => {
    const app = await open(false);
    const first = await call(app, 'POST', '/v1/orders', { 'idempotency-key': 'log-1' }, orderBody());
    await call(app, 'POST', '/v1/orders', { 'idempotency-key': 'log-1' }, orderBody());
    await call(app, 'GET', `/v1/orders/${first.json().id}`);
    await app.close();
    const [created, replayed, read] = requestLines();
    expect(created).toMatchObject({ caller: expect.stringMatching(/^key_/), client: '127.0.0.1', object: first.json().id, replayed: false, status: 201 });
    expect(replayed).toMatchObject({ caller: created!.caller, object: first.json().id, replayed: true });
    expect(read).toMatchObject({ caller: created!.caller, object: first.json().id });
    expect(JSON.stringify(lines)).not.toContain(t.merchant.token);
    expect(JSON.stringify(lines)).not.toContain(t.merchant.token.slice(8));
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    for (const [trust, expected] of [[false, '127.0.0.1'], [['127.0.0.1'], '203.0.113.7'], [['10.0.0.0/8'], '127.0.0.1']] as const) {
      const app = await open(trust as boolean | string[]);
      await call(app, 'GET', '/v1/orders', { 'x-forwarded-for': '203.0.113.7' });
      await app.close();
      expect(requestLines()[0]!.client).toBe(expected);
    }
  });

  it('limits sign-in by the real client address behind a trusted proxy', async () => {
    const { app } = await buildApp({ ...t.services, config: { ...t.services.config, trustProxy: ['127.0.0.1'], rateLimitPerSecond: 2 } });
    await app.ready();
    const signIn = (client: string) =>
      app.inject({ method: 'POST', url: '/v1/auth/token', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, payload: '{}' });
    expect([(await signIn('203.0.113.1')).statusCode, (await signIn('203.0.113.1')).statusCode, (await signIn('203.0.113.1')).statusCode]).toEqual([400, 400, 429]);
    expect((await signIn('203.0.113.2')).statusCode).toBe(400);
    await app.close();
  });
});
