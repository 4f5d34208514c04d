import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { orderBody } from '../../../../test/helpers.js';
import { runExpiry } from '../../../../test/jobs.js';
import { pay } from '../../../../test/payments.js';
import { certopayApp, ISO_8601, newOrder, paymentBody } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('GET /api/orders/{id} (CertoPay)', () => {
  it('answers the seed request (curl with X-Api-Key, no body) with every documented field in its type and casing', async () => {
    const created = await newOrder(cp);
    const res = await t.app.inject({ method: 'GET', url: `/compat/certopay/api/orders/${created.id}`, headers: { 'X-Api-Key': t.merchant.token } });
    expect(res.statusCode).toBe(200);
    const order = res.json();
    expect(Object.keys(order)).toEqual(['id', 'customerId', 'amount', 'status', 'createdAt']);
    expect(order).toEqual(created);
    expect(typeof order.customerId).toBe('string');
    expect(Number.isInteger(order.amount)).toBe(true);
    expect(['PENDING', 'PAID', 'CANCELLED', 'EXPIRED']).toContain(order.status);
    expect(order.createdAt).toMatch(ISO_8601);
  });

  it('resolves the /v1 spelling of the id, and shows an order made through /v1 (without a customer: customerId null)', async () => {
    const created = await newOrder(cp);
    expect((await cp('GET', `/api/orders/${encodeId('order', created.id)}`)).body).toEqual(created);
    const v1 = await t.request('POST', '/v1/orders', { body: orderBody({ amount: 4200 }) });
    const seen = await cp('GET', `/api/orders/${v1.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ id: expect.any(String), customerId: null, amount: 4200, status: 'PENDING', createdAt: v1.body.created_at });
    expect(encodeId('order', seen.body.id)).toBe(v1.body.id);
  });

  it('shows a /v1 cancel as CANCELLED', async () => {
    const created = await newOrder(cp);
    expect((await t.request('POST', `/v1/orders/${created.id}/cancel`)).status).toBe(200);
    expect((await cp('GET', `/api/orders/${created.id}`)).body.status).toBe('CANCELLED');
  });

  it('is PENDING while partly paid and PAID once paid in full', async () => {
    const created = await newOrder(cp, 10000);
    const tx = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(created.id, 'PIX', { amount: 10000 }) });
    expect(tx.status).toBe(200);
    await pay(t, encodeId('payment', tx.body.transactionId), 4000);
    expect((await t.request('GET', `/v1/orders/${created.id}`)).body.status).toBe('partially_paid');
    expect((await cp('GET', `/api/orders/${created.id}`)).body.status).toBe('PENDING');
    const rest = await cp('POST', '/api/payment-gateway/process', { body: paymentBody(created.id, 'PIX', { amount: 6000 }) });
    expect(rest.status).toBe(200);
    await pay(t, encodeId('payment', rest.body.transactionId));
    expect((await cp('GET', `/api/orders/${created.id}`)).body.status).toBe('PAID');
  });

  it('is EXPIRED once the order expired unpaid', async () => {
    const created = await newOrder(cp);
    t.clock.advance(25 * 3_600_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/orders/${created.id}`)).body.status).toBe('expired');
    expect((await cp('GET', `/api/orders/${created.id}`)).body.status).toBe('EXPIRED');
  });
});
