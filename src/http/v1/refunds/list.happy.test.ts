import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/refunds', () => {
  it('lists newest first, by cursor, filtered by payment, order and status', async () => {
    const m = await t.newMerchant();
    const token = m.token;
    const first = await orderWithPayment(t, { amount: 30000 }, { token });
    const second = await orderWithPayment(t, { amount: 30000 }, { token });
    await pay(t, first.payment.id, undefined, token);
    await pay(t, second.payment.id, undefined, token);
    const made: string[] = [];
    for (const [payment, amount] of [[first.payment.id, 1000], [first.payment.id, 1005], [second.payment.id, 2000]] as const) {
      made.push((await t.request('POST', '/v1/refunds', { token, body: { payment, amount } })).body.id);
    }
    const ids = async (query: string) => (await t.request('GET', `/v1/refunds?${query}`, { token })).body.data.map((r: { id: string }) => r.id);
    expect(await ids('')).toEqual([...made].reverse());
    expect(await ids(`payment=${first.payment.id}`)).toEqual([made[1], made[0]]);
    expect(await ids(`order=${second.order.id}`)).toEqual([made[2]]);
    expect(await ids('status=failed')).toEqual([made[1]]);
    const page = (await t.request('GET', '/v1/refunds?limit=2', { token })).body;
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/refunds' });
    expect(await ids(`limit=2&starting_after=${page.data[1].id}`)).toEqual([made[0]]);
  });
});
