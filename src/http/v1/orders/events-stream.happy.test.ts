import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { openStream, type OpenStream } from '../../../../test/streams.js';

let t: TestApp;
const streams: OpenStream[] = [];
beforeAll(async () => {
  t = await startTestApp({ streamPollMs: 20, streamHeartbeatMs: 100 });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t.close();
});

async function follow(orderId: string, headers: Record<string, string> = {}, token = t.merchant.token) {
  const stream = await openStream(t, `/v1/orders/${orderId}/events/stream`, token, headers);
  streams.push(stream);
  return stream;
}

const types = (s: OpenStream) => s.messages.map((m) => m.event);

describe('GET /v1/orders/:id/events/stream', () => {
  it("starts with the order's latest event, then pushes each change within a second, each as GET /v1/events/{id} shows it", async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const stream = await follow(order.id);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toContain('no-cache');
    expect(await stream.until((s) => s.messages.length === 1)).toBe(true);
    expect(stream.messages[0]).toMatchObject({ event: 'order.created', id: expect.stringMatching(/^evt_/) });

    const changed = Date.now();
    await t.request('POST', `/v1/orders/${order.id}`, { body: { description: 'Changed' } });
    expect(await stream.until((s) => s.messages.length === 2, 1000)).toBe(true);
    const latency = Date.now() - changed;
    await t.request('POST', `/v1/orders/${order.id}/cancel`, { body: {} });
    expect(await stream.until((s) => s.messages.length === 3, 1000)).toBe(true);
    expect(types(stream)).toEqual(['order.created', 'order.updated', 'order.canceled']);

    const last = stream.messages[2]!;
    const event = (await t.app.inject({ method: 'GET', url: `/v1/events/${last.id}`, headers: { authorization: `Bearer ${t.merchant.token}` } })).body;
    expect(last.data).toBe(event);
    expect(JSON.parse(last.data!).data.object).toMatchObject({ id: order.id, status: 'canceled', description: 'Changed' });
    expect(latency).toBeLessThan(1000);
  });

  it("sends only this order's events", async () => {
    const [mine, other] = [(await t.request('POST', '/v1/orders', { body: orderBody() })).body, (await t.request('POST', '/v1/orders', { body: orderBody() })).body];
    const stream = await follow(mine.id);
    await t.request('POST', `/v1/orders/${other.id}`, { body: { description: 'other' } });
    await t.request('POST', `/v1/orders/${mine.id}`, { body: { description: 'mine' } });
    expect(await stream.until((s) => s.messages.length === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.messages.map((m) => JSON.parse(m.data!).data.object.id)).toEqual([mine.id, mine.id]);
  });

  it('resumes after Last-Event-ID with what happened since, once each', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const first = await follow(order.id);
    await first.until((s) => s.messages.length === 1);
    first.close();
    await t.request('POST', `/v1/orders/${order.id}`, { body: { description: 'while away' } });
    await t.request('POST', `/v1/orders/${order.id}/cancel`, { body: {} });
    const resumed = await follow(order.id, { 'last-event-id': first.messages[0]!.id! });
    expect(await resumed.until((s) => s.messages.length === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(types(resumed)).toEqual(['order.updated', 'order.canceled']);
  });

  it('starts afresh from the latest event when Last-Event-ID names no event of this order', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    await t.request('POST', `/v1/orders/${order.id}`, { body: { description: 'x' } });
    const stream = await follow(order.id, { 'last-event-id': 'evt_0000000000000000000000000a' });
    expect(await stream.until((s) => s.messages.length === 1)).toBe(true);
    expect(types(stream)).toEqual(['order.updated']);
  });

  it('sends heartbeats while nothing happens', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const stream = await follow(order.id);
    expect(await stream.until((s) => s.comments >= 2, 2000)).toBe(true);
  });

  it('is followed by a branch user for an order of its branch', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const user = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId });
    const order = (await t.request('POST', '/v1/orders', { token: user.token, body: orderBody() })).body;
    const stream = await follow(order.id, {}, user.token);
    expect(stream.status).toBe(200);
    expect(await stream.until((s) => s.messages.length === 1)).toBe(true);
  });

  it("is followed by the order's payment page with the order's checkout key in ?checkout_key=, without an API key", async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const key = new URL(order.checkout_url).pathname.split('/').pop()!;
    const stream = await openStream(t, `/v1/orders/${order.id}/events/stream?checkout_key=${key}`, null);
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect(await stream.until((s) => s.messages.length === 1)).toBe(true);
    await t.request('POST', `/v1/orders/${order.id}/cancel`, { body: {} });
    expect(await stream.until((s) => s.messages.length === 2, 1000)).toBe(true);
    expect(types(stream)).toEqual(['order.created', 'order.canceled']);
  });

  it('pushes a change within a second though it polls only every 10 s: the store tells it of each commit that wrote events', async () => {
    const own = await startTestApp({ streamPollMs: 10_000 });
    try {
      const order = (await own.request('POST', '/v1/orders', { body: orderBody() })).body;
      const stream = await openStream(own, `/v1/orders/${order.id}/events/stream`, own.merchant.token);
      streams.push(stream);
      // The first message is sent as the stream opens; by then it listens.
      expect(await stream.until((s) => s.messages.length === 1)).toBe(true);
      const changed = Date.now();
      await own.request('POST', `/v1/orders/${order.id}`, { body: { description: 'Changed' } });
      expect(await stream.until((s) => s.messages.length === 2, 1000)).toBe(true);
      expect(Date.now() - changed).toBeLessThan(1000);
    } finally {
      await own.close();
    }
    // An app of its own: starting one takes most of it, tens of seconds on a loaded box.
  }, 60_000);

  it('ends open streams cleanly when the server shuts down', async () => {
    const own = await startTestApp({ streamPollMs: 20 });
    const order = (await own.request('POST', '/v1/orders', { body: orderBody() })).body;
    const stream = await openStream(own, `/v1/orders/${order.id}/events/stream`, own.merchant.token);
    await stream.until((s) => s.messages.length === 1);
    const closing = Date.now();
    await own.close();
    expect(await stream.until((s) => s.ended, 2000)).toBe(true);
    expect(Date.now() - closing).toBeLessThan(2000);
  }, 60_000);
});
