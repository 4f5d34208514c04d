import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const full = {
  name: 'Ana Souza',
  email: 'ana@example.com',
  phone: '+5521977776666',
  tax_id: { type: 'br_cpf', value: '529.982.247-25' },
  metadata: { keep: 'k', change: 'old', remove: 'r' },
};
const create = async (body: object = full) => (await t.request('POST', '/v1/customers', { body })).body;
const update = (id: string, body: unknown, headers?: Record<string, string>) => t.request('POST', `/v1/customers/${id}`, { body, headers });

describe('POST /v1/customers/:id', () => {
  it('changes only the fields sent and returns the customer with 200', async () => {
    const before = await create();
    t.clock.advance(60_000);
    const res = await update(before.id, { name: 'Ana S. Souza' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ ...before, name: 'Ana S. Souza', updated_at: new Date(Date.parse(before.created_at) + 60_000).toISOString() });
    expect((await t.request('GET', `/v1/customers/${before.id}`)).body).toEqual(res.body);
  });

  it('sets every writable field at once', async () => {
    const before = await create({});
    const res = await update(before.id, {
      name: 'Empresa Ltda',
      email: 'fiscal@empresa.com.br',
      phone: '(11) 3333-4444',
      tax_id: { type: 'br_cnpj', value: '11.222.333/0001-81' },
      metadata: { erp: 'sap' },
    });
    expect(res.body).toMatchObject({
      name: 'Empresa Ltda',
      email: 'fiscal@empresa.com.br',
      phone: '(11) 3333-4444',
      tax_id: { type: 'br_cnpj', value: '11222333000181' },
      metadata: { erp: 'sap' },
    });
  });

  it('clears fields sent as null', async () => {
    const before = await create();
    const res = await update(before.id, { name: null, email: null, phone: null, tax_id: null });
    expect(res.body).toMatchObject({ name: null, email: null, phone: null, tax_id: null, metadata: before.metadata });
    expect((await t.request('GET', `/v1/customers/${before.id}`)).body.tax_id).toBeNull();
  });

  it('merges metadata: a string sets a key, null deletes one, unnamed keys stay', async () => {
    const before = await create();
    const res = await update(before.id, { metadata: { change: 'new', remove: null, added: 'a', absent: null } });
    expect(res.body.metadata).toEqual({ keep: 'k', change: 'new', added: 'a' });
    expect((await t.request('GET', `/v1/customers/${before.id}`)).body.metadata).toEqual({ keep: 'k', change: 'new', added: 'a' });
  });

  it('leaves metadata alone for an empty metadata object, and can empty it key by key', async () => {
    const before = await create();
    expect((await update(before.id, { metadata: {} })).body.metadata).toEqual(before.metadata);
    expect((await update(before.id, { metadata: { keep: null, change: null, remove: null } })).body.metadata).toEqual({});
  });

  it('accepts a merge that ends exactly at 50 keys', async () => {
    const before = await create({ metadata: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])) });
    const res = await update(before.id, { metadata: { k0: null, a: '1', b: '2' } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.metadata)).toHaveLength(50);
  });

  it('replaces the tax id, normalizing it like create does', async () => {
    const before = await create();
    const alnum = await update(before.id, { tax_id: { type: 'br_cnpj', value: '12.abc.345/01de-35' } });
    expect(alnum.body.tax_id).toEqual({ type: 'br_cnpj', value: '12ABC34501DE35' });
    const other = await update(before.id, { tax_id: { type: 'other', value: ' GB123456789 ' } });
    expect(other.body.tax_id).toEqual({ type: 'other', value: 'GB123456789' });
  });

  it('accepts an empty body as a no-op that still bumps updated_at', async () => {
    const before = await create();
    t.clock.advance(1000);
    const res = await update(before.id, {});
    expect(res.status).toBe(200);
    expect({ ...res.body, updated_at: before.updated_at }).toEqual(before);
  });

  it('records a customer.updated event with the customer after the change, newest first', async () => {
    const before = await create({ name: 'Eve' });
    t.clock.advance(1000);
    const after = (await update(before.id, { name: 'Eve Updated', metadata: { x: '1' } })).body;
    const events = await t.request('GET', `/v1/events?object=${before.id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['customer.updated', 'customer.created']);
    expect(events.body.data[0]).toMatchObject({ livemode: false, created_at: after.updated_at, data: { object: after } });
    expect(events.body.data[1].data.object).toEqual(before);
  });

  it('updates a live customer with a live key, recording a live event', async () => {
    const live = await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Live' } });
    const res = await t.request('POST', `/v1/customers/${live.body.id}`, { token: t.merchant.live, body: { name: 'Live 2' } });
    expect(res.body).toMatchObject({ livemode: true, name: 'Live 2' });
    const events = await t.request('GET', `/v1/events?object=${live.body.id}&type=customer.updated`, { token: t.merchant.live });
    expect(events.body.data).toEqual([expect.objectContaining({ livemode: true, data: { object: res.body, previous_attributes: { name: 'Live' } } })]);
  });

  it('replays a retried update with the same Idempotency-Key, applying it once', async () => {
    const before = await create({ metadata: {} });
    const headers = { 'idempotency-key': `upd-${before.id}` };
    const first = await update(before.id, { metadata: { n: '1' } }, headers);
    await update(before.id, { metadata: { other: 'x' } });
    const replay = await update(before.id, { metadata: { n: '1' } }, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await t.request('GET', `/v1/customers/${before.id}`)).body.metadata).toEqual({ n: '1', other: 'x' });
    const updates = await t.request('GET', `/v1/events?object=${before.id}&type=customer.updated`);
    expect(updates.body.data).toHaveLength(2);
  });

  it('accepts the UUID spelling of the id', async () => {
    const before = await create({});
    const res = await update(decodeId('customer', before.id)!, { name: 'By UUID' });
    expect(res.body).toMatchObject({ id: before.id, name: 'By UUID' });
  });
});

describe('POST /v1/customers/:id: what changed', () => {
  const eventsOf = async (id: string) => (await t.request('GET', `/v1/events?object=${id}`)).body.data as Array<Record<string, any>>;

  it('carries previous_attributes on customer.updated, and clears metadata with null', async () => {
    const before = await create();
    const res = await update(before.id, { name: 'Ana S.', metadata: null });
    expect(res.body).toMatchObject({ name: 'Ana S.', metadata: {} });
    const [event] = await eventsOf(before.id);
    expect(event).toMatchObject({ type: 'customer.updated', data: { object: res.body, previous_attributes: { name: 'Ana Souza', metadata: full.metadata } } });
  });

  it('writes nothing for an update that changes nothing', async () => {
    const before = await create();
    t.clock.advance(60_000);
    for (const body of [{}, { name: full.name, tax_id: { type: 'br_cpf', value: '52998224725' } }, { metadata: { keep: 'k' } }]) {
      const res = await update(before.id, body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(before);
    }
    expect((await eventsOf(before.id)).map((e) => e.type)).toEqual(['customer.created']);
  });
});
