import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId, type IdKind } from '../src/domain/ids.js';
import { fanOutEvents } from '../src/services/webhook-delivery.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { tokenize } from './payments-card.js';

/**
 * Every /v1 cursor list answers a cursor it cannot page from alike: 400 resource_missing naming the query
 * parameter, whether the id is unknown, another merchant's, the other mode's or another list's; a
 * malformed one is 400 invalid_id. A cursor naming one of the list's own objects pages.
 */

interface World {
  token: string;
  live: string;
  /** Each list's URL (with what it needs) and one object of it. */
  lists: Record<string, { url: string; kind: IdKind; id: string }>;
}

let t: TestApp;
let mine: World;
let theirs: World;

async function post(token: string, url: string, body: unknown = {}) {
  const res = await t.request('POST', url, { token, body });
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A merchant with one object in each list. */
async function world(): Promise<World> {
  const { token, live } = await t.newMerchant();
  const endpoint = await post(token, '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] });
  const customer = await post(token, '/v1/customers', { name: 'Ana' });
  const order = await post(token, '/v1/orders', orderBody({ customer: customer.id }));
  const payment = await post(token, `/v1/orders/${order.id}/payments`, { method: 'pix' });
  await post(token, `/v1/test_helpers/payments/${payment.id}/pay`);
  const refund = await post(token, '/v1/refunds', { payment: payment.id, amount: 100 });
  const card = await tokenize(t, '4242424242424242', token);
  const cardOrder = await post(token, '/v1/orders', orderBody());
  const cardPayment = await post(token, `/v1/orders/${cardOrder.id}/payments`, {
    method: 'card',
    token: card.id,
    save_payment_method: 'on_session',
    payment_method_reference: 'cursors',
  });
  const link = await post(token, '/v1/payment_links', { amount: 4990, currency: 'BRL' });
  await fanOutEvents(t.db, t.clock, 500);
  const first = async (url: string) => (await t.request('GET', url, { token })).body.data[0].id as string;
  return {
    token,
    live,
    lists: {
      orders: { url: '/v1/orders', kind: 'order', id: order.id },
      customers: { url: '/v1/customers', kind: 'customer', id: customer.id },
      payments: { url: '/v1/payments', kind: 'payment', id: payment.id },
      "an order's payments": { url: `/v1/orders/${order.id}/payments`, kind: 'payment', id: payment.id },
      refunds: { url: '/v1/refunds', kind: 'refund', id: refund.id },
      events: { url: '/v1/events', kind: 'event', id: await first('/v1/events?limit=1') },
      'balance transactions': { url: '/v1/balance_transactions', kind: 'balanceTransaction', id: await first('/v1/balance_transactions?limit=1') },
      'payment links': { url: '/v1/payment_links', kind: 'paymentLink', id: link.id },
      'payment methods': { url: '/v1/payment_methods?reference=cursors', kind: 'paymentMethod', id: cardPayment.provider_metadata.payment_method },
      'webhook endpoints': { url: '/v1/webhook_endpoints', kind: 'webhookEndpoint', id: endpoint.id },
      "an endpoint's deliveries": {
        url: `/v1/webhook_endpoints/${endpoint.id}/deliveries`,
        kind: 'webhookDelivery',
        id: await first(`/v1/webhook_endpoints/${endpoint.id}/deliveries?limit=1`),
      },
    },
  };
}

beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
  mine = await world();
  theirs = await world();
});
afterAll(() => t?.close());

const page = (url: string, param: string, id: string, token: string) => t.request('GET', `${url}${url.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(id)}`, { token });

/** The cursors a list takes: saved cards page one way only. */
const cursorsOf = (name: string) => (name === 'payment methods' ? ['starting_after'] : ['starting_after', 'ending_before']);

const LISTS = ['orders', 'customers', 'payments', "an order's payments", 'refunds', 'events', 'balance transactions', 'payment links', 'payment methods', 'webhook endpoints', "an endpoint's deliveries"];

describe('GET /v1 lists with a cursor', () => {
  it.each(LISTS)('%s: page from one of the list\'s own objects', async (name) => {
    const { url, id } = mine.lists[name]!;
    for (const param of cursorsOf(name)) {
      const res = await page(url, param, id, mine.token);
      expect(res.status, `${param} ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.data.map((o: { id: string }) => o.id)).not.toContain(id);
    }
  });

  it.each(LISTS)('%s: refuse an unknown id, another merchant\'s and the other mode\'s with the same 400', async (name) => {
    const { url, kind, id } = mine.lists[name]!;
    const unknown = encodeId(kind, '01900000-0000-7000-8000-000000000000');
    const cases: Array<[string, string, string]> = [
      ['starting_after', unknown, mine.token],
      [cursorsOf(name).at(-1)!, theirs.lists[name]!.id, mine.token],
    ];
    // A list under an object (an order's, an endpoint's) is itself 404 in the other mode.
    if (!url.startsWith('/v1/orders/') && !url.startsWith('/v1/webhook_endpoints/')) cases.push(['starting_after', id, mine.live]);
    for (const [param, cursor, token] of cases) {
      const res = await page(url, param, cursor, token);
      expectProblem(res, 400, 'validation_error');
      const noun = kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
      expect(res.body.errors, `${param}=${cursor}`).toEqual([{ path: `/${param}`, in: 'query', code: 'resource_missing', message: `has no such ${noun}: '${cursor}'` }]);
    }
  });

  it.each(LISTS)('%s: refuse a malformed cursor, and starting_after with ending_before', async (name) => {
    const { url, id } = mine.lists[name]!;
    const malformed = await page(url, 'starting_after', 'not-an-id', mine.token);
    expectProblem(malformed, 400, 'validation_error');
    expect(malformed.body.errors).toEqual([expect.objectContaining({ path: '/starting_after', in: 'query', code: 'invalid_id' })]);
    if (cursorsOf(name).length === 1) return;
    const both = await t.request('GET', `${url}${url.includes('?') ? '&' : '?'}starting_after=${id}&ending_before=${id}`, { token: mine.token });
    expect(both.body.errors).toEqual([expect.objectContaining({ path: '/ending_before', code: 'conflict' })]);
  });

  it("refuses a payment of another order in an order's payments, and a delivery to another endpoint in an endpoint's", async () => {
    const other = await post(mine.token, '/v1/orders', orderBody());
    const res = await page(`/v1/orders/${other.id}/payments`, 'starting_after', mine.lists.payments!.id, mine.token);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/starting_after', code: 'resource_missing' })]);
    const endpoint = await post(mine.token, '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/other', enabled_events: ['*'] });
    const deliveries = await page(`/v1/webhook_endpoints/${endpoint.id}/deliveries`, 'starting_after', mine.lists["an endpoint's deliveries"]!.id, mine.token);
    expect(deliveries.body.errors).toEqual([expect.objectContaining({ path: '/starting_after', code: 'resource_missing' })]);
  });
});
