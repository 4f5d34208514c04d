import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Ev {
  id: string;
  type: string;
  created_at: string;
  data: { object: { id: string } };
}
const types = (body: { data: Ev[] }) => body.data.map((e) => e.type);
const ids = (body: { data: Ev[] }) => body.data.map((e) => e.id);

describe('GET /v1/events', () => {
  let customer: { id: string }, updated: { id: string }, order: { id: string }, canceled: { id: string; updated_at: string };
  /** Every event, newest first, as listed without filters. */
  let all: Ev[];
  let start: string;
  beforeAll(async () => {
    start = t.clock.now().toISOString();
    customer = (await t.request('POST', '/v1/customers', { body: { name: 'Ev' } })).body;
    t.clock.advance(1000);
    order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    t.clock.advance(1000);
    updated = (await t.request('POST', `/v1/customers/${customer.id}`, { body: { name: 'Ev 2' } })).body;
    t.clock.advance(1000);
    canceled = (await t.request('POST', `/v1/orders/${order.id}/cancel`, { body: {} })).body;
    t.clock.advance(1000);
    all = (await t.request('GET', '/v1/events')).body.data;
  });

  it('lists every event newest first, each with the object as the API showed it', async () => {
    const res = await t.request('GET', '/v1/events');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', has_more: false, url: '/v1/events' });
    expect(types(res.body)).toEqual(['order.canceled', 'customer.updated', 'order.created', 'customer.created']);
    expect(res.body.data[0]).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      object: 'event',
      type: 'order.canceled',
      livemode: false,
      created_at: canceled.updated_at,
      data: { object: canceled },
      actor: { type: 'api_key', id: expect.stringMatching(/^key_[0-9a-z]{26}$/) },
      request: { id: expect.stringMatching(/^req_/), idempotency_key: null },
    });
    expect(res.body.data[1].data.object).toEqual(updated);
    expect(res.body.data[3].data.object).toEqual(customer);
  });

  it('filters by one type', async () => {
    const res = await t.request('GET', '/v1/events?type=customer.updated');
    expect(types(res.body)).toEqual(['customer.updated']);
  });

  it('filters by several types given as repeated type parameters', async () => {
    const res = await t.request('GET', '/v1/events?type=customer.created&type=order.canceled');
    expect(types(res.body)).toEqual(['order.canceled', 'customer.created']);
    const three = await t.request('GET', '/v1/events?type=customer.created&type=customer.updated&type=order.created');
    expect(types(three.body)).toEqual(['customer.updated', 'order.created', 'customer.created']);
  });

  it('filters by type patterns: prefix.* for every type under a whole prefix, * for all', async () => {
    expect(types((await t.request('GET', '/v1/events?type=customer.*')).body)).toEqual(['customer.updated', 'customer.created']);
    expect(types((await t.request('GET', '/v1/events?type=order.*&type=customer.updated')).body)).toEqual(['order.canceled', 'customer.updated', 'order.created']);
    expect((await t.request('GET', '/v1/events?type=*')).body.data).toEqual(all);
    expect((await t.request('GET', '/v1/events?type=ord.*')).body.data).toEqual([]);
  });

  it('returns nothing for a well-formed type that never happened', async () => {
    expect((await t.request('GET', '/v1/events?type=order.paid')).body.data).toEqual([]);
  });

  it('filters by the object, customer or order, in either id spelling', async () => {
    expect(types((await t.request('GET', `/v1/events?object=${customer.id}`)).body)).toEqual(['customer.updated', 'customer.created']);
    expect(types((await t.request('GET', `/v1/events?object=${order.id}`)).body)).toEqual(['order.canceled', 'order.created']);
    expect(types((await t.request('GET', `/v1/events?object=${decodeId('order', order.id)}`)).body)).toEqual(['order.canceled', 'order.created']);
    expect((await t.request('GET', '/v1/events?object=cus_0000000000000000000000000a')).body.data).toEqual([]);
  });

  it('combines type and object filters', async () => {
    const res = await t.request('GET', `/v1/events?object=${order.id}&type=order.created&type=customer.created`);
    expect(types(res.body)).toEqual(['order.created']);
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const first = await t.request('GET', '/v1/events?limit=3');
    expect([ids(first.body), first.body.has_more]).toEqual([ids({ data: all }).slice(0, 3), true]);
    const rest = await t.request('GET', `/v1/events?limit=3&starting_after=${all[2]!.id}`);
    expect([ids(rest.body), rest.body.has_more]).toEqual([[all[3]!.id], false]);
    const newer = await t.request('GET', `/v1/events?limit=2&ending_before=${all[3]!.id}`);
    expect([ids(newer.body), newer.body.has_more]).toEqual([[all[1]!.id, all[2]!.id], true]);
    const uuidCursor = await t.request('GET', `/v1/events?limit=1&starting_after=${decodeId('event', all[0]!.id)}`);
    expect(ids(uuidCursor.body)).toEqual([all[1]!.id]);
  });

  it('pages within a type filter', async () => {
    const first = await t.request('GET', '/v1/events?type=customer.created&type=customer.updated&limit=1');
    expect([types(first.body), first.body.has_more]).toEqual([['customer.updated'], true]);
    const next = await t.request('GET', `/v1/events?type=customer.created&type=customer.updated&limit=1&starting_after=${first.body.data[0].id}`);
    expect([types(next.body), next.body.has_more]).toEqual([['customer.created'], false]);
  });

  it('filters by created[gte] and created[lt]', async () => {
    const at = (ms: number) => encodeURIComponent(new Date(Date.parse(start) + ms).toISOString());
    expect(types((await t.request('GET', `/v1/events?created[gte]=${at(2000)}`)).body)).toEqual(['order.canceled', 'customer.updated']);
    expect(types((await t.request('GET', `/v1/events?created[lt]=${at(1000)}`)).body)).toEqual(['customer.created']);
    expect(types((await t.request('GET', `/v1/events?created[gte]=${at(1000)}&created[lt]=${at(3000)}`)).body)).toEqual(['customer.updated', 'order.created']);
  });

  it('shows owner users the same events as API keys', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await t.request('GET', '/v1/events', { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(all);
  });

  it('keeps live events in the live list', async () => {
    const live = (await t.request('POST', '/v1/customers', { token: t.merchant.live, body: {} })).body;
    const res = await t.request('GET', '/v1/events', { token: t.merchant.live });
    expect(res.body.data).toEqual([expect.objectContaining({ type: 'customer.created', livemode: true, data: { object: live } })]);
  });
});
