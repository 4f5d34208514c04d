import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
const ids: string[] = [];
let customerId: string;
beforeAll(async () => {
  t = await startTestApp();
  customerId = (await t.request('POST', '/v1/customers', { body: { name: 'Bia' } })).body.id;
  for (let i = 0; i < 7; i++) {
    const res = await t.request('POST', '/v1/orders', {
      body: orderBody({ amount: 1000 + i, reference: `ref-${i % 3}`, ...(i % 2 ? { customer: customerId } : {}) }),
    });
    ids.push(res.body.id);
    t.clock.advance(60_000);
  }
  await t.request('POST', `/v1/orders/${ids[2]}/cancel`);
});
afterAll(() => t.close());

const listIds = async (query: string) => {
  const res = await t.request('GET', `/v1/orders?${query}`);
  expect(res.status).toBe(200);
  return { ids: res.body.data.map((o: { id: string }) => o.id) as string[], hasMore: res.body.has_more as boolean, body: res.body };
};
const newestFirst = () => [...ids].reverse();

describe('GET /v1/orders', () => {
  it('lists newest first in the Stripe list shape', async () => {
    const page = await listIds('limit=100');
    expect(page.ids).toEqual(newestFirst());
    expect(page.body).toMatchObject({ object: 'list', has_more: false, url: '/v1/orders' });
  });

  it('pages forward with starting_after and back with ending_before', async () => {
    const first = await listIds('limit=3');
    expect(first).toMatchObject({ ids: newestFirst().slice(0, 3), hasMore: true });
    const second = await listIds(`limit=3&starting_after=${first.ids[2]}`);
    expect(second).toMatchObject({ ids: newestFirst().slice(3, 6), hasMore: true });
    const third = await listIds(`limit=3&starting_after=${second.ids[2]}`);
    expect(third).toMatchObject({ ids: newestFirst().slice(6), hasMore: false });
    const back = await listIds(`limit=3&ending_before=${third.ids[0]}`);
    expect(back).toMatchObject({ ids: newestFirst().slice(3, 6), hasMore: true });
  });

  it('filters by status (one or several), customer, reference and created range', async () => {
    expect((await listIds('status=canceled')).ids).toEqual([ids[2]]);
    expect((await listIds('status=canceled&status=open&limit=100')).ids).toHaveLength(7);
    expect((await listIds(`customer=${customerId}`)).ids).toEqual([ids[5], ids[3], ids[1]]);
    expect((await listIds('reference=ref-0')).ids).toEqual([ids[6], ids[3], ids[0]]);
    const from = new Date(Date.parse('2026-11-23T12:00:00Z') + 2 * 60_000).toISOString();
    const to = new Date(Date.parse('2026-11-23T12:00:00Z') + 4 * 60_000).toISOString();
    expect((await listIds(`created[gte]=${from}&created[lt]=${to}`)).ids).toEqual([ids[3], ids[2]]);
  });

  it('refuses bad list parameters with 400 naming the query parameter', async () => {
    for (const [query, path] of [
      ['limit=0', '/limit'],
      ['limit=101', '/limit'],
      ['limit=ten', '/limit'],
      ['status=lost', '/status/0'],
      ['starting_after=cus_00000000000000000000000000', '/starting_after'],
      ['created[gte]=yesterday', '/created[gte]'],
      ['sort=asc', '/sort'],
    ]) {
      const res = await t.request('GET', `/v1/orders?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0], query).toMatchObject({ path, in: 'query' });
    }
  });
});

describe('GET /v1/orders with empty filters', () => {
  it('refuses an empty reference or customer instead of ignoring it', async () => {
    for (const query of ['reference=', 'customer=']) {
      const res = await t.request('GET', `/v1/orders?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});

describe('GET /v1/orders/:id with a query string', () => {
  it('refuses unknown query parameters', async () => {
    const res = await t.request('GET', `/v1/orders/${ids[0]}?expand=customer`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: '/expand', in: 'query', code: 'unknown_field' });
  });
});
