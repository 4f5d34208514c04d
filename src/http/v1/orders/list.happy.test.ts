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

  it('takes created[gt] and created[lte] too, as RFC 3339 or unix seconds', async () => {
    const at = (minutes: number) => Date.parse('2026-11-23T12:00:00Z') + minutes * 60_000;
    const iso = (minutes: number) => new Date(at(minutes)).toISOString();
    const unix = (minutes: number) => String(at(minutes) / 1000);
    expect((await listIds(`created[gt]=${iso(2)}&created[lte]=${iso(4)}`)).ids).toEqual([ids[4], ids[3]]);
    expect((await listIds(`created[gt]=${unix(2)}&created[lte]=${unix(4)}`)).ids).toEqual([ids[4], ids[3]]);
    expect((await listIds(`created[gte]=${unix(2)}&created[lt]=${unix(4)}`)).ids).toEqual([ids[3], ids[2]]);
    // Both bounds of a side: the narrower wins.
    expect((await listIds(`created[gte]=${unix(1)}&created[gt]=${unix(5)}`)).ids).toEqual([ids[6]]);
  });

  it('filters by store, branch and currency', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const inStore = (await t.request('POST', '/v1/orders', { body: orderBody({ store: store.id }) })).body.id;
    const inBranch = (await t.request('POST', '/v1/orders', { body: orderBody({ branch: branch.id, currency: 'EUR' }) })).body.id;
    try {
      expect((await listIds(`store=${store.id}`)).ids).toEqual([inBranch, inStore]);
      expect((await listIds(`branch=${branch.id}`)).ids).toEqual([inBranch]);
      expect((await listIds('currency=eur')).ids).toEqual([inBranch]);
      expect((await listIds(`currency=BRL&store=${store.id}`)).ids).toEqual([inStore]);
      const otherStore = await t.newStore(t.merchant.merchantId);
      expect((await listIds(`store=${otherStore.id}`)).ids).toEqual([]);
    } finally {
      for (const id of [inStore, inBranch]) await t.request('POST', `/v1/orders/${id}/cancel`);
    }
  });

  it('refuses bad list parameters with 400 naming the query parameter', async () => {
    for (const [query, path] of [
      ['limit=0', '/limit'],
      ['limit=101', '/limit'],
      ['limit=ten', '/limit'],
      ['status=lost', '/status/0'],
      ['starting_after=cus_00000000000000000000000000', '/starting_after'],
      ['created[gte]=yesterday', '/created[gte]'],
      ['created[lte]=2026-11-23', '/created[lte]'],
      ['store=bra_00000000000000000000000000', '/store'],
      ['branch=garbage', '/branch'],
      ['currency=XYZ', '/currency'],
      ['currency=EURO', '/currency'],
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
