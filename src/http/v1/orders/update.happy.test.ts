import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const eventsOf = async (orderId: string) => (await t.request('GET', `/v1/events?object=${orderId}`)).body.data as Array<Record<string, any>>;

describe('POST /v1/orders/:id (update)', () => {
  it('merges metadata (null removes a key), sets the description and records order.updated', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody({ metadata: { keep: '1', drop: '2' } }) });
    t.clock.advance(1000);
    const updated = await t.request('POST', `/v1/orders/${created.body.id}`, {
      body: { metadata: { drop: null, add: '3' }, description: 'Gift wrap' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ metadata: { keep: '1', add: '3' }, description: 'Gift wrap', updated_at: '2026-11-23T12:00:01.000Z' });
    expect(updated.body.metadata).not.toHaveProperty('drop');
    expect((await t.request('GET', `/v1/orders/${created.body.id}`)).body).toEqual(updated.body);
    const events = await eventsOf(created.body.id);
    expect(events.map((e) => e.type)).toEqual(['order.updated', 'order.created']);
    expect(events[0]!.data.object).toEqual(updated.body);
    expect(events[0]!.data.previous_attributes).toEqual({ metadata: { keep: '1', drop: '2' }, description: null });
    expect(events[1]!.data).not.toHaveProperty('previous_attributes');
  });

  it('changes the terms of an open order without a payment, and says what they were', async () => {
    const customer = (await t.request('POST', '/v1/customers', { body: { name: 'Bia' } })).body.id;
    const created = (await t.request('POST', '/v1/orders', { body: orderBody({ reference: '1001', payment_methods: ['pix'] }) })).body;
    t.clock.advance(1000);
    const expiresAt = '2026-11-30T12:00:00.000Z';
    const lineItems = [{ type: 'product', description: 'Mug', quantity: 2, unit_amount: 15950 }];
    const updated = await t.request('POST', `/v1/orders/${created.id}`, {
      body: { amount: 31900, expires_at: expiresAt, customer, reference: '1001-b', line_items: lineItems, payment_methods: ['pix', 'boleto'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      amount: 31900,
      amount_due: 31900,
      expires_at: expiresAt,
      customer,
      reference: '1001-b',
      line_items: lineItems,
      payment_methods: ['pix', 'boleto'],
    });
    const [event] = await eventsOf(created.id);
    expect(event!.data.previous_attributes).toEqual({
      amount: 29700,
      amount_due: 29700,
      expires_at: created.expires_at,
      customer: null,
      reference: '1001',
      line_items: [],
      payment_methods: ['pix'],
    });
    // The line items add up to the amount, so a new amount comes with them.
    const repriced = [{ type: 'product', description: 'Mug', quantity: 2, unit_amount: 16025 }];
    const decimal = await t.request('POST', `/v1/orders/${created.id}`, { body: { amount_decimal: '320.50', line_items: repriced, customer: null, payment_methods: null } });
    expect(decimal.body).toMatchObject({ amount: 32050, line_items: repriced, customer: null, payment_methods: null });
  });

  it('writes nothing for an update that changes nothing', async () => {
    const created = (await t.request('POST', '/v1/orders', { body: orderBody({ reference: 'same', metadata: { a: '1' } }) })).body;
    t.clock.advance(1000);
    for (const body of [{}, { reference: 'same', metadata: { a: '1' }, amount: 29700 }, { metadata: { absent: null } }]) {
      const res = await t.request('POST', `/v1/orders/${created.id}`, { body });
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.body).toEqual(created);
    }
    expect((await eventsOf(created.id)).map((e) => e.type)).toEqual(['order.created']);
  });

  it('clears metadata with "metadata": null', async () => {
    const created = (await t.request('POST', '/v1/orders', { body: orderBody({ metadata: { a: '1', b: '2' } }) })).body;
    const cleared = await t.request('POST', `/v1/orders/${created.id}`, { body: { metadata: null } });
    expect(cleared.body.metadata).toEqual({});
    expect((await eventsOf(created.id))[0]!.data.previous_attributes).toEqual({ metadata: { a: '1', b: '2' } });
  });
});
