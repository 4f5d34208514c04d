import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { openStream, type OpenStream } from '../../../../test/streams.js';

let t: TestApp;
let order: { id: string; checkout_url: string };
const streams: OpenStream[] = [];
beforeAll(async () => {
  t = await startTestApp({ streamPollMs: 20 });
  order = (await t.request('POST', '/v1/orders', { body: orderBody({ description: 'Secret order' }) })).body;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t.close();
});

const checkoutKey = (o: { checkout_url: string }) => new URL(o.checkout_url).pathname.split('/').pop()!;

async function refused(token: string | null, status: number, query = '') {
  const stream = await openStream(t, `/v1/orders/${order.id}/events/stream${query}`, token);
  streams.push(stream);
  expect(stream.status).toBe(status);
  expect(stream.headers['content-type']).toMatch(/^application\/problem\+json/);
  await stream.until((s) => s.ended);
  expect(stream.messages).toEqual([]);
}

describe('GET /v1/orders/:id/events/stream access', () => {
  it('refuses a request without credentials with 401, and a bad key likewise', async () => {
    await refused(null, 401);
    await refused('sk_test_nope', 401);
  });

  it('refuses a checkout_key that is no order\'s with 401, and answers 404 when it is the key of another order', async () => {
    await refused(null, 401, '?checkout_key=AAAAAAAAAAAAAAAAAAAAAA');
    await refused(null, 401, '?checkout_key=not-a-key');
    const other = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    await refused(null, 404, `?checkout_key=${checkoutKey(other)}`);
    const elsewhere = await t.newMerchant();
    const theirs = (await t.request('POST', '/v1/orders', { token: elsewhere.token, body: orderBody() })).body;
    await refused(null, 404, `?checkout_key=${checkoutKey(theirs)}`);
  });

  it('takes the checkout key on this stream only: the order itself still needs an API key', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/orders/${order.id}?checkout_key=${checkoutKey(order)}` });
    expect(res.statusCode).toBe(401);
    const events = await t.app.inject({ method: 'GET', url: `/v1/events?checkout_key=${checkoutKey(order)}` });
    expect(events.statusCode).toBe(401);
  });

  it("answers 404 for another merchant's order, the other mode's, and one outside a store user's store", async () => {
    const other = await t.newMerchant();
    await refused(other.token, 404);
    await refused(t.merchant.live, 404);
    const [, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    await refused(storeUser!.token, 404);
    await refused(branchUser!.token, 404);
  });
});
