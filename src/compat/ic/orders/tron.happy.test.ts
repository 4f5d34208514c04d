import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { pay } from '../../../../test/payments.js';
import { BLOCK_MS, CONFIRMATIONS_MS, icApp, newOrder, paymentOf, sandboxTron } from '../fixture.js';

const { t, ic } = await icApp();
const tron = sandboxTron(t);
const poll = (id: string) => ic('POST', `/api/v1/payment/webhook/${id}/tron`);

describe('POST /api/v1/payment/webhook/{orderId}/tron (IC)', () => {
  it('answers without providerMetadata until the transfer is seen, then with it (still pending) until confirmed, then completed', async () => {
    const order = await newOrder(ic, 'USDT', '500.00');
    const before = await poll(order.id);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ id: order.id, status: 'pending', totalAmount: '0.00', pendingAmount: '500.00' });
    expect(before.body).not.toHaveProperty('providerMetadata');

    await pay(t, await paymentOf(t, order.id));
    expect((await poll(order.id)).body).not.toHaveProperty('providerMetadata'); // broadcast, not yet in a block the watcher read
    await tron.advance(BLOCK_MS);
    const seen = (await poll(order.id)).body;
    expect(seen.status).toBe('pending');
    expect(seen.providerMetadata).toEqual({
      network: 'TRC20',
      transactionHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      fromAddress: expect.stringMatching(/^T/),
      toAddress: order.walletAddress,
      amount: '500.100000',
      blockNumber: expect.any(Number),
      blockTimestamp: expect.any(String),
      confirmed: false,
    });
    expect((await ic('GET', `/api/v1/payment/order/${order.id}`)).body.status).toBe('pending');

    await tron.advance(CONFIRMATIONS_MS);
    const done = (await ic('GET', `/api/v1/payment/order/${order.id}`)).body;
    expect(done).toMatchObject({ status: 'completed', totalAmount: '500.00', pendingAmount: '0.00', providerMetadata: { ...seen.providerMetadata, confirmed: true } });
    expect((await poll(order.id)).body).toEqual(done);
  });

  it('underpaid: status underpaid with totalAmount and pendingAmount; a new order for pendingAmount completes it, and the first keeps its money', async () => {
    const first = await newOrder(ic, 'USDT', '500.00');
    // 300.00 USD worth at the order's 1.0002: 300.060000 USDT.
    await pay(t, await paymentOf(t, first.id), 300_060_000);
    await tron.advance(BLOCK_MS + CONFIRMATIONS_MS);
    const short = (await poll(first.id)).body;
    expect(short).toMatchObject({ status: 'underpaid', totalAmount: '300.00', pendingAmount: '200.00', providerMetadata: { amount: '300.060000', confirmed: true } });

    // As the guide says: a new USDT order for pendingAmount, and the two-stage flow again.
    const rest = await newOrder(ic, 'USDT', short.pendingAmount);
    expect(rest).toMatchObject({ amount: '200.00', paymentAmount: '200.040000' });
    expect(rest.walletAddress).not.toBe(first.walletAddress);
    await pay(t, await paymentOf(t, rest.id));
    await tron.advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect((await poll(rest.id)).body).toMatchObject({ status: 'completed', totalAmount: '200.00', pendingAmount: '0.00' });
    // The first order's 300.00 stays recorded on it, and in the balance.
    expect((await poll(first.id)).body).toMatchObject({ status: 'underpaid', totalAmount: '300.00' });
    const v1 = await t.request('GET', `/v1/orders/${encodeId('order', first.id)}`);
    expect(v1.body).toMatchObject({ status: 'partially_paid', amount_paid: 30000, amount_due: 20000 });
  });

  it('takes the poll with no body, an empty one under a JSON Content-Type, or {}', async () => {
    const order = await newOrder(ic, 'USDT', '1.00');
    const path = `/api/v1/payment/webhook/${order.id}/tron`;
    for (const options of [{}, { headers: { 'content-type': 'application/json' } }, { body: '{}', headers: { 'content-type': 'application/json' } }]) {
      const res = await ic('POST', path, options);
      expect(res.status, JSON.stringify(options)).toBe(200);
      expect(res.body.id).toBe(order.id);
    }
  });

  it('answers every poll from our rows: a hundred polls of five orders ask the chain nothing', async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, () => newOrder(ic, 'USDT', '10.00')));
    const asked = tron.chainRequests();
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(orders.map((o) => poll(o.id)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    expect(tron.chainRequests()).toBe(asked);
  });
});
