import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USDT_CONTRACT } from '../src/rails/usdt-trc20/address.js';
import { BLOCK_MS, type FakeTronChain } from '../src/rails/usdt-trc20/fake-chain.js';
import { sandboxChainOf } from '../src/rails/usdt-trc20/rail.js';
import { migrate } from '../src/store/migrate.js';
import { orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { orderWithPayment, pay } from './payments.js';

/**
 * A payment's amount_refunded and refunded, kept on the payment as its refunds succeed: the same wherever the
 * payment is shown (its creation, GET, both lists, its events). The sandbox PSP's magic refund amounts:
 * ending in 05 declined, in 13 answer lost (pending until the reconciliation job finds it sent).
 */

let t: TestApp;
let chain: FakeTronChain;
beforeAll(async () => {
  t = await startTestApp();
  chain = sandboxChainOf(t.services.config.usdt);
  chain.useClock(t.clock);
});
afterAll(() => t.close());

const PAYER = 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb';
const CONFIRMATIONS_MS = 19 * BLOCK_MS;

async function advance(ms: number) {
  t.clock.advance(ms);
  await runExpiry(t);
}

const refund = async (body: Record<string, unknown>) => (await t.request('POST', '/v1/refunds', { body })).body;

/** The payment as GET, the payments list and its order's payments list each show it: they must agree. */
async function shown(payment: { id: string; order: string }) {
  const retrieved = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
  const listed = (await t.request('GET', `/v1/payments?order=${payment.order}`)).body.data;
  const ofOrder = (await t.request('GET', `/v1/orders/${payment.order}/payments`)).body.data;
  expect(listed).toEqual([retrieved]);
  expect(ofOrder).toEqual([retrieved]);
  return retrieved;
}

async function eventsOf(objectId: string): Promise<Array<{ type: string; data: { object: Record<string, unknown> } }>> {
  return (await t.request('GET', `/v1/events?object=${objectId}&limit=100`)).body.data.reverse();
}

describe("a payment's amount_refunded and refunded", () => {
  it('count each refund that succeeded, a partial one and then the rest, in every answer showing the payment; a declined or pending one is not counted until it succeeds', async () => {
    const { payment } = await orderWithPayment(t, { amount: 30000 });
    expect(payment).toMatchObject({ amount_received: 0, amount_refunded: 0, refunded: false });
    await pay(t, payment.id);
    expect(await shown(payment)).toMatchObject({ status: 'succeeded', amount_received: 30000, amount_refunded: 0, refunded: false });

    expect(await refund({ payment: payment.id, amount: 10000 })).toMatchObject({ status: 'succeeded' });
    expect(await shown(payment)).toMatchObject({ status: 'succeeded', amount_refunded: 10000, refunded: false });

    expect(await refund({ payment: payment.id, amount: 1005 })).toMatchObject({ status: 'failed' });
    const lost = await refund({ payment: payment.id, amount: 1013 });
    expect(lost).toMatchObject({ status: 'pending' });
    expect(await shown(payment)).toMatchObject({ amount_refunded: 10000, refunded: false });
    // The reconciliation job finds the lost one sent: it counts from then.
    await advance(5_000);
    expect((await t.request('GET', `/v1/refunds/${lost.id}`)).body.status).toBe('succeeded');
    expect(await shown(payment)).toMatchObject({ amount_refunded: 11013, refunded: false });

    expect(await refund({ payment: payment.id })).toMatchObject({ status: 'succeeded', amount: 18987 });
    expect(await shown(payment)).toMatchObject({ status: 'succeeded', amount_received: 30000, amount_refunded: 30000, refunded: true });

    // A refund writes no event of the payment (its own refund.* events and the order's tell it): the
    // payment's events are those of its creation and its success, each showing it as it then was.
    const events = await eventsOf(payment.id);
    expect(events.map((e) => e.type)).toEqual(['payment.created', 'payment.succeeded']);
    for (const e of events) expect(e.data.object).toMatchObject({ amount_refunded: 0, refunded: false });
    const succeeded = (await t.request('GET', '/v1/events?type=refund.succeeded&limit=100')).body.data.filter((e: any) => e.data.object.payment === payment.id);
    expect(succeeded.map((e: any) => e.data.object.amount).sort((a: number, b: number) => a - b)).toEqual([1013, 10000, 18987]);
  });

  it('are kept when more money reaches a paid USDT address after a refund: its payment.updated (and payment.late) carry them, refunded false as it received more', async () => {
    await t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000, currency: 'USD' }) })).body;
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'usdt_trc20', currency: 'USDT' } })).body;
    await pay(t, payment.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);

    // The merchant sends half back from its own wallet and records the transaction; the watcher confirms it.
    const half = await refund({ payment: payment.id, amount: 50_010_000, destination: { type: 'trc20_address', address: PAYER } });
    const hash = chain.transfer({ contract: USDT_CONTRACT, from: 'TKHuVq1oKVruCGLvqVexFs6dawKv6fQgFs', to: PAYER, value: 50_010_000 });
    await t.request('POST', `/v1/refunds/${half.id}/transaction`, { body: { hash } });
    expect(await shown(payment)).toMatchObject({ amount_refunded: 0, refunded: false });
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect((await t.request('GET', `/v1/refunds/${half.id}`)).body.status).toBe('succeeded');
    expect(await shown(payment)).toMatchObject({ amount_received: 100_020_000, amount_refunded: 50_010_000, refunded: false });

    chain.transfer({ contract: USDT_CONTRACT, from: PAYER, to: payment.provider_reference, value: 5_000_000 });
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    const after = await shown(payment);
    expect(after).toMatchObject({ amount_received: 105_020_000, amount_refunded: 50_010_000, refunded: false });
    const events = await eventsOf(payment.id);
    // Late too: a partially refunded order takes no more money, so what comes is recorded and flagged.
    expect(events.map((e) => e.type)).toEqual(['payment.created', 'payment.succeeded', 'payment.updated', 'payment.late']);
    for (const e of events.slice(2)) expect(e.data.object).toEqual(after);
  });

  it('are filled in from the refunds that succeeded when a store made before they were kept is migrated', async () => {
    const { payment } = await orderWithPayment(t, { amount: 30000 });
    await pay(t, payment.id);
    expect(await refund({ payment: payment.id, amount: 10000 })).toMatchObject({ status: 'succeeded' });
    expect(await refund({ payment: payment.id, amount: 1005 })).toMatchObject({ status: 'failed' });
    expect(await refund({ payment: payment.id, amount: 2013 })).toMatchObject({ status: 'pending' });
    // The store as it was before migration 0033, then migrated.
    await t.db.exec(`ALTER TABLE payments DROP COLUMN amount_refunded; DELETE FROM schema_migrations WHERE version = '0033_payment_amount_refunded'`);
    expect(await migrate(t.db)).toEqual(['0033_payment_amount_refunded']);
    expect(await shown(payment)).toMatchObject({ amount_received: 30000, amount_refunded: 10000, refunded: false });
  });
});
