import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id (update) refuses', () => {
  it('fields that cannot be changed, and metadata growing past 50 keys', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody() });
    const currency = await t.request('POST', `/v1/orders/${created.body.id}`, { body: { currency: 'EUR' } });
    expect(currency.status).toBe(400);
    expect(currency.body.errors[0]).toMatchObject({ path: '/currency', code: 'unknown_field' });
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect((await t.request('POST', `/v1/orders/${created.body.id}`, { body: { metadata: fifty } })).status).toBe(200);
    const oneMore = await t.request('POST', `/v1/orders/${created.body.id}`, { body: { metadata: { extra: 'v' } } });
    expect(oneMore.status).toBe(400);
    expect(oneMore.body.errors[0]).toMatchObject({ path: '/metadata', code: 'too_many_keys' });
  });

  it('new terms once a payment was started, or once the order is no longer open; description and metadata still change', async () => {
    const started = (await t.request('POST', '/v1/orders', { body: orderBody() })).body.id;
    expect((await t.request('POST', `/v1/orders/${started}/payments`, { body: { method: 'pix' } })).status).toBe(201);
    const canceled = (await t.request('POST', '/v1/orders', { body: orderBody() })).body.id;
    await t.request('POST', `/v1/orders/${canceled}/cancel`);
    for (const [id, why] of [
      [started, 'a payment was started on it'],
      [canceled, 'it is canceled'],
    ] as const) {
      const res = await t.request('POST', `/v1/orders/${id}`, { body: { amount: 100, reference: 'x' } });
      expectProblem(res, 409, 'invalid_state_transition');
      expect(res.body.detail).toBe(`amount, reference cannot change: ${why}; only description and metadata can. Cancel it and create another order`);
      expect((await t.request('GET', `/v1/orders/${id}`)).body.amount).toBe(29700);
      expect((await t.request('POST', `/v1/orders/${id}`, { body: { description: 'Noted' } })).body.description).toBe('Noted');
    }
  });

  it('bad terms, naming the field, with nothing written', async () => {
    const id = (await t.request('POST', '/v1/orders', { body: orderBody() })).body.id;
    for (const [body, path, code] of [
      [{ amount: 100, amount_decimal: '1.00' }, '/amount_decimal', 'conflict'],
      [{ amount: 0 }, '/amount', 'too_small'],
      [{ expires_at: '2026-11-23T11:00:00Z' }, '/expires_at', 'in_the_past'],
      [{ customer: 'cus_01jd0000000000000000000000' }, '/customer', 'resource_missing'],
      [{ payment_methods: [] }, '/payment_methods', 'too_small'],
      [{ line_items: [{ type: 'product', travel: {} }] }, '/line_items/0/travel', 'not_allowed'],
    ] as const) {
      const res = await t.request('POST', `/v1/orders/${id}`, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0], JSON.stringify(body)).toMatchObject({ path, code });
    }
    expect((await t.request('GET', `/v1/events?object=${id}`)).body.data).toHaveLength(1);
  });

  it('payment methods that cannot take the order\'s currency, and terms after which the line items no longer add up', async () => {
    const eur = (await t.request('POST', '/v1/orders', { body: orderBody({ currency: 'EUR' }) })).body.id;
    const methods = await t.request('POST', `/v1/orders/${eur}`, { body: { payment_methods: ['card', 'boleto'] } });
    expect(methods.status).toBe(400);
    expect(methods.body.errors).toEqual([expect.objectContaining({ path: '/payment_methods/1', code: 'currency_not_accepted' })]);
    const priced = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 5000, line_items: [{ type: 'product', quantity: 2, unit_amount: 2500 }] }) })).body.id;
    const amount = await t.request('POST', `/v1/orders/${priced}`, { body: { amount: 6000 } });
    expect(amount.body.errors).toEqual([
      {
        path: '/amount',
        code: 'line_items_mismatch',
        message: '6000 is not what the line items add up to (5000, quantity × unit_amount): when every item has a unit_amount, they add up to the amount exactly; send line_items with it',
      },
    ]);
    const items = await t.request('POST', `/v1/orders/${priced}`, { body: { line_items: [{ type: 'product', unit_amount: 4000 }] } });
    expect(items.body.errors).toEqual([expect.objectContaining({ path: '/line_items', code: 'amount_mismatch' })]);
    const both = await t.request('POST', `/v1/orders/${priced}`, { body: { amount: 6000, line_items: [{ type: 'product', quantity: 3, unit_amount: 2000 }] } });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect((await t.request('GET', `/v1/events?object=${eur}`)).body.data).toHaveLength(1);
  });

  it('an order that does not exist or is not yours (404)', async () => {
    const other = await t.newMerchant();
    const theirs = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() });
    const res = await t.request('POST', `/v1/orders/${theirs.body.id}`, { body: { metadata: { x: 'y' } } });
    expect(res.status).toBe(404);
    expect((await t.request('GET', `/v1/orders/${theirs.body.id}`, { token: other.token })).body.metadata).toEqual({});
  });
});
