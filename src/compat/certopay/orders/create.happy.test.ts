import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { certopayApp, ISO_8601, newCustomer, SEED_CREATE_ORDER_BODY, UUID } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/orders (CertoPay)', () => {
  it('answers the seed request, byte for byte, with 201 and every documented field in its type and casing', async () => {
    const customer = await newCustomer(cp);
    const res = await t.app.inject({
      method: 'POST',
      url: '/compat/certopay/api/orders',
      headers: { 'X-Api-Key': t.merchant.token, 'Content-Type': 'application/json' },
      payload: SEED_CREATE_ORDER_BODY.replace('uuid-do-customer', customer.id),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const order = res.json();
    expect(Object.keys(order)).toEqual(['id', 'customerId', 'amount', 'status', 'createdAt']);
    expect(order.id).toMatch(UUID);
    expect(order).toMatchObject({ customerId: customer.id, amount: 29700, status: 'PENDING' });
    expect(Number.isInteger(order.amount)).toBe(true);
    expect(order.createdAt).toMatch(ISO_8601);
    expect(order.createdAt).toBe(t.clock.now().toISOString());
  });

  it('makes the same order /v1 sees: a BRL order of the amount, for the customer, open', async () => {
    const customer = await newCustomer(cp);
    const created = (await cp('POST', '/api/orders', { body: { customerId: customer.id, amount: 1990 } })).body;
    for (const id of [created.id, encodeId('order', created.id)]) {
      const v1 = await t.request('GET', `/v1/orders/${id}`);
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({ id: encodeId('order', created.id), amount: 1990, currency: 'BRL', customer: encodeId('customer', customer.id), status: 'open', livemode: false });
    }
    const events = await t.request('GET', `/v1/events?object=${encodeId('order', created.id)}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['order.created']);
  });

  it('takes the /v1 spelling of the customer id and ignores unknown fields, as CertoPay does', async () => {
    const customer = await newCustomer(cp);
    const res = await cp('POST', '/api/orders', { body: { customerId: encodeId('customer', customer.id), amount: 500, description: 'ignored', metadata: { a: 1 } } });
    expect(res.status).toBe(201);
    expect(res.body.customerId).toBe(customer.id);
  });

  it('replays a retry with the same Idempotency-Key: one order', async () => {
    const customer = await newCustomer(cp);
    const send = () => cp('POST', '/api/orders', { body: { customerId: customer.id, amount: 700 }, headers: { 'idempotency-key': 'cp-order-1' } });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const list = await cp('GET', '/api/orders');
    expect(list.body.filter((o: { amount: number }) => o.amount === 700)).toHaveLength(1);
  });
});
