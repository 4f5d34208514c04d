import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/payments', () => {
  it('lists newest first, filtered by order, status, method and creation time, with cursors', async () => {
    const a = await orderWithPayment(t);
    t.clock.advance(1000);
    const b = await orderWithPayment(t);
    t.clock.advance(1000);
    const c = await orderWithPayment(t, { amount: 1005 });
    await pay(t, a.payment.id);
    const ids = async (query: string) => (await t.request('GET', `/v1/payments${query}`)).body.data.map((p: any) => p.id);
    expect(await ids('')).toEqual([c.payment.id, b.payment.id, a.payment.id]);
    expect(await ids(`?order=${b.order.id}`)).toEqual([b.payment.id]);
    expect(await ids('?status=succeeded&status=failed')).toEqual([c.payment.id, a.payment.id]);
    expect(await ids('?method=pix&status=pending')).toEqual([b.payment.id]);
    expect(await ids('?method=boleto')).toEqual([]);
    expect(await ids(`?created[gte]=${b.payment.created_at}&created[lt]=${c.payment.created_at}`)).toEqual([b.payment.id]);
    const page = await t.request('GET', '/v1/payments?limit=2');
    expect([page.body.has_more, page.body.data.length, page.body.url]).toEqual([true, 2, '/v1/payments']);
    expect(await ids(`?starting_after=${b.payment.id}`)).toEqual([a.payment.id]);
    expect(await ids(`?ending_before=${b.payment.id}`)).toEqual([c.payment.id]);
  });

  it("lists an order's payments at /v1/orders/:id/payments", async () => {
    const { order, payment } = await orderWithPayment(t);
    const second = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    const res = await t.request('GET', `/v1/orders/${order.id}/payments`);
    expect(res.body.data.map((p: any) => p.id)).toEqual([second.body.id, payment.id]);
    expect(res.body.url).toBe(`/v1/orders/${order.id}/payments`);
  });

  it('refuses bad filters (400)', async () => {
    for (const query of ['?status=paid', '?method=cash', '?order=cus_00000000000000000000000000', '?limit=0', '?starting_after=ord_00000000000000000000000000']) {
      expectProblem(await t.request('GET', `/v1/payments${query}`), 400, 'validation_error');
    }
  });
});
