import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { eventTypes, getOrder } from './payments.js';

// Payment writes that arrive together share one transaction (group commit): each must still get its own
// outcome, two of one order must both count, and one Idempotency-Key must still make one payment.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const startPix = (orderId: string, key?: string) =>
  t.request('POST', `/v1/orders/${orderId}/payments`, { body: { method: 'pix' }, headers: key ? { 'idempotency-key': key } : {} });

describe('payments created and paid at the same moment', () => {
  it('each get their own outcome: two of one order both count, one key makes one payment, a canceled order refuses alone', async () => {
    const orders = await Promise.all(Array.from({ length: 24 }, () => t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000 }) }).then((r) => r.body)));
    const canceled = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000 }) })).body;
    expect((await t.request('POST', `/v1/orders/${canceled.id}/cancel`, { body: {} })).status).toBe(200);
    const twice = orders.slice(0, 6);
    const sameKey = orders.slice(6, 10);

    const started = await Promise.all([
      ...orders.map((o) => startPix(o.id, sameKey.includes(o) ? `key-${o.id}` : undefined)),
      ...twice.map((o) => startPix(o.id)),
      ...sameKey.map((o) => startPix(o.id, `key-${o.id}`)),
      startPix(canceled.id),
    ]);
    expectProblem(started.pop()!, 409, 'order_not_payable');
    for (const res of started) expect(res.status, JSON.stringify(res.body)).toBe(201);

    for (const o of orders) {
      const mine = started.filter((r) => r.body.order === o.id).map((r) => r.body);
      const listed = (await t.request('GET', `/v1/orders/${o.id}/payments`)).body.data.map((p: { id: string }) => p.id).sort();
      const distinct = [...new Set(mine.map((p) => p.id))].sort();
      expect(listed).toEqual(distinct);
      expect(distinct).toHaveLength(twice.includes(o) ? 2 : 1);
      if (sameKey.includes(o)) expect(mine[0]).toEqual(mine[1]);
      expect((await getOrder(t, o.id)).payments.sort()).toEqual(distinct);
      for (const id of distinct) expect(await eventTypes(t, id)).toEqual(['payment.created']);
    }

    const payments = [...new Map(started.map((r) => [r.body.id, r.body])).values()];
    const paid = await Promise.all(payments.map((p) => t.request('POST', `/v1/test_helpers/payments/${p.id}/pay`, { body: {} })));
    for (const res of paid) expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const o of orders) {
      const order = await getOrder(t, o.id);
      if (twice.includes(o)) expect(order).toMatchObject({ status: 'overpaid', amount_paid: 20000, amount_overpaid: 10000 });
      else expect(order).toMatchObject({ status: 'paid', amount_paid: 10000, amount_due: 0 });
    }
    const transactions = (await t.request('GET', '/v1/balance_transactions?limit=100')).body.data;
    expect(transactions).toHaveLength(payments.length);
    const fees = transactions.reduce((sum: number, b: { fee: number }) => sum + b.fee, 0);
    // Available: every payment's money less its fee, less each overpayment, which is owed back.
    expect((await t.request('GET', '/v1/balance')).body.available).toEqual([{ currency: 'BRL', amount: payments.length * 10000 - fees - twice.length * 10000 }]);

    // Paid again at once: the sandbox refuses each (409), alone, and nothing moves.
    const again = await Promise.all(payments.slice(0, 8).map((p) => t.request('POST', `/v1/test_helpers/payments/${p.id}/pay`, { body: {} })));
    for (const res of again) expectProblem(res, 409, 'conflict');
    expect((await t.request('GET', '/v1/balance_transactions?limit=100')).body.data).toHaveLength(payments.length);
  });
});

describe('card payments charged at once, at the same moment', () => {
  it('are each written as charged: the payment succeeded and its order paid, as the answers say', async () => {
    const orders = await Promise.all(Array.from({ length: 10 }, () => t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000 }) }).then((r) => r.body)));
    const tokens: string[] = [];
    for (const _ of orders) tokens.push((await t.request('POST', '/v1/tokens', { body: { card: { number: '4242424242424242', exp_month: 1, exp_year: 2031, cvc: '123' } } })).body.id);
    const paid = await Promise.all(orders.map((o, i) => t.request('POST', `/v1/orders/${o.id}/payments`, { body: { method: 'card', token: tokens[i] } })));
    for (const [i, res] of paid.entries()) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.status).toBe('succeeded');
      expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 10000, updated_at: res.body.updated_at });
      expect(await getOrder(t, orders[i].id)).toMatchObject({ status: 'paid', amount_paid: 10000 });
      expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.succeeded']);
    }
  });
});
