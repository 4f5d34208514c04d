import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { openStream, type OpenStream } from '../../../../test/streams.js';

let t: TestApp;
let order: { id: string };
const streams: OpenStream[] = [];
beforeAll(async () => {
  t = await startTestApp({ streamPollMs: 20 });
  order = (await t.request('POST', '/v1/orders', { body: orderBody({ description: 'Secret order' }) })).body;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t.close();
});

async function refused(token: string | null, status: number) {
  const stream = await openStream(t, `/v1/orders/${order.id}/events/stream`, token);
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

  it("answers 404 for another merchant's order, the other mode's, and one outside a store user's store", async () => {
    const other = await t.newMerchant();
    await refused(other.token, 404);
    await refused(t.merchant.live, 404);
    const [, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    await refused(storeUser!.token, 404);
    await refused(branchUser!.token, 404);
  });
});
