import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((c) => c.id);

describe('GET /v1/customers', () => {
  let token: string;
  /** c[0] is the oldest; each was created one second after the previous. */
  const c: Array<{ id: string; email: string; created_at: string }> = [];
  beforeAll(async () => {
    token = (await t.newMerchant()).token;
    for (let i = 0; i < 5; i++) {
      c.push((await t.request('POST', '/v1/customers', { token, body: { name: `C${i}`, email: `c${i}@example.com` } })).body);
      t.clock.advance(1000);
    }
  });
  const list = (query = '') => t.request('GET', `/v1/customers${query}`, { token });

  it('lists newest first as a list object', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', has_more: false, url: '/v1/customers' });
    expect(ids(res.body)).toEqual([c[4]!.id, c[3]!.id, c[2]!.id, c[1]!.id, c[0]!.id]);
    expect(res.body.data[0]).toEqual(c[4]);
  });

  it('is empty for a merchant without customers', async () => {
    const res = await t.request('GET', '/v1/customers', { token: (await t.newMerchant()).token });
    expect(res.body).toEqual({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
  });

  it('pages towards older customers with limit and starting_after', async () => {
    const first = await list('?limit=2');
    expect([ids(first.body), first.body.has_more]).toEqual([[c[4]!.id, c[3]!.id], true]);
    const second = await list(`?limit=2&starting_after=${c[3]!.id}`);
    expect([ids(second.body), second.body.has_more]).toEqual([[c[2]!.id, c[1]!.id], true]);
    const last = await list(`?limit=2&starting_after=${c[1]!.id}`);
    expect([ids(last.body), last.body.has_more]).toEqual([[c[0]!.id], false]);
    const past = await list(`?starting_after=${c[0]!.id}`);
    expect([ids(past.body), past.body.has_more]).toEqual([[], false]);
  });

  it('pages towards newer customers with ending_before, still newest first', async () => {
    const page = await list(`?limit=2&ending_before=${c[0]!.id}`);
    expect([ids(page.body), page.body.has_more]).toEqual([[c[2]!.id, c[1]!.id], true]);
    const top = await list(`?limit=2&ending_before=${c[2]!.id}`);
    expect([ids(top.body), top.body.has_more]).toEqual([[c[4]!.id, c[3]!.id], false]);
    const none = await list(`?ending_before=${c[4]!.id}`);
    expect([ids(none.body), none.body.has_more]).toEqual([[], false]);
  });

  it('walks every customer exactly once by following starting_after', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await list(`?limit=2${cursor}`);
      seen.push(...ids(page.body));
      if (!page.body.has_more) break;
      cursor = `&starting_after=${seen.at(-1)}`;
    }
    expect(seen).toEqual(c.map((x) => x.id).reverse());
  });

  it('accepts the UUID spelling of a cursor', async () => {
    const res = await list(`?limit=1&starting_after=${decodeId('customer', c[3]!.id)}`);
    expect(ids(res.body)).toEqual([c[2]!.id]);
  });

  it('accepts limits from 1 to 100 and defaults to 10', async () => {
    expect(ids((await list('?limit=1')).body)).toEqual([c[4]!.id]);
    expect((await list('?limit=100')).body.data).toHaveLength(5);
    const many = await t.newMerchant();
    for (let i = 0; i < 11; i++) await t.request('POST', '/v1/customers', { token: many.token, body: {} });
    const page = await t.request('GET', '/v1/customers', { token: many.token });
    expect([page.body.data.length, page.body.has_more]).toEqual([10, true]);
  });

  it('filters by email, case-insensitively and exactly', async () => {
    expect(ids((await list('?email=c2@example.com')).body)).toEqual([c[2]!.id]);
    expect(ids((await list('?email=C2%40Example.COM')).body)).toEqual([c[2]!.id]);
    expect(ids((await list('?email=c2')).body)).toEqual([]);
    expect(ids((await list('?email=nobody@example.com')).body)).toEqual([]);
  });

  it('filters by created[gte] (inclusive) and created[lt] (exclusive)', async () => {
    const at = (i: number) => encodeURIComponent(c[i]!.created_at);
    expect(ids((await list(`?created[gte]=${at(2)}`)).body)).toEqual([c[4]!.id, c[3]!.id, c[2]!.id]);
    expect(ids((await list(`?created[lt]=${at(2)}`)).body)).toEqual([c[1]!.id, c[0]!.id]);
    expect(ids((await list(`?created[gte]=${at(1)}&created[lt]=${at(3)}`)).body)).toEqual([c[2]!.id, c[1]!.id]);
    expect(ids((await list(`?created%5Bgte%5D=${at(4)}`)).body)).toEqual([c[4]!.id]);
  });

  it('filters by tax id, punctuated or not, and by created[gt] / created[lte] in unix seconds', async () => {
    const cpf = (await t.request('POST', '/v1/customers', { token, body: { name: 'Ana', tax_id: { type: 'br_cpf', value: '529.982.247-25' } } })).body;
    const cnpj = (await t.request('POST', '/v1/customers', { token, body: { name: 'Loja', tax_id: { type: 'br_cnpj', value: '11222333000181' } } })).body;
    const other = (await t.request('POST', '/v1/customers', { token, body: { name: 'Eve', tax_id: { type: 'other', value: 'PT-123' } } })).body;
    expect(ids((await list('?tax_id=52998224725')).body)).toEqual([cpf.id]);
    expect(ids((await list('?tax_id=529.982.247-25')).body)).toEqual([cpf.id]);
    expect(ids((await list(`?tax_id=${encodeURIComponent('11.222.333/0001-81')}`)).body)).toEqual([cnpj.id]);
    expect(ids((await list('?tax_id=PT-123')).body)).toEqual([other.id]);
    expect(ids((await list('?tax_id=00000000000')).body)).toEqual([]);
    const seconds = (i: number) => Date.parse(c[i]!.created_at) / 1000;
    expect(ids((await list(`?created[gt]=${seconds(1)}&created[lte]=${seconds(3)}`)).body)).toEqual([c[3]!.id, c[2]!.id]);
  });

  it('combines filters with pagination', async () => {
    const at = (i: number) => encodeURIComponent(c[i]!.created_at);
    const page = await list(`?created[gte]=${at(1)}&limit=2&starting_after=${c[4]!.id}`);
    expect([ids(page.body), page.body.has_more]).toEqual([[c[3]!.id, c[2]!.id], true]);
  });

  it('shows customers as updated', async () => {
    await t.request('POST', `/v1/customers/${c[0]!.id}`, { token, body: { metadata: { seen: 'yes' } } });
    const res = await list(`?email=c0@example.com`);
    expect(res.body.data[0].metadata).toEqual({ seen: 'yes' });
  });
});
