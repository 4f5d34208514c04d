import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { decodeId } from '../src/domain/ids.js';
import { paymentDeps } from '../src/services/payment-context.js';
import { watchChain } from '../src/services/usdt-watcher.js';
import { decodeQr, gridFromPng, readPng } from '../src/rails/pix/qr-reader.test-helper.js';
import { SANDBOX_XPUB } from '../src/rails/usdt-trc20/account.js';
import { depositAddress, isTronAddress, USDT_CONTRACT } from '../src/rails/usdt-trc20/address.js';
import { tronGridClient, type ChainClient } from '../src/rails/usdt-trc20/chain.js';
import { BLOCK_MS, FakeTronChain } from '../src/rails/usdt-trc20/fake-chain.js';
import { sandboxChainOf } from '../src/rails/usdt-trc20/rail.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, pay } from './payments.js';

/** USDT on Tron through /v1: deposit addresses from the xpub, the sandbox chain, the watcher's two stages. */

const CONFIRMATIONS_MS = 19 * BLOCK_MS;
const PAYER = 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb';
// A vanity address sharing USDT's first and last characters (address poisoning): valid, but not the contract.
const LOOK_ALIKE = depositAddress(SANDBOX_XPUB, 7);

let t: TestApp;
let chain: FakeTronChain;
beforeAll(async () => {
  t = await startTestApp();
  chain = sandboxChainOf(t.services.config.usdt);
  chain.useClock(t.clock);
});
afterAll(() => t.close());

async function usdtPayment(token = t.merchant.token, amount = 10000, extra: Record<string, unknown> = {}) {
  await t.request('PUT', '/v1/fx/rates', { token, body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
  const order = (await t.request('POST', '/v1/orders', { token, body: orderBody({ amount, currency: 'USD', ...extra }) })).body;
  const res = await t.request('POST', `/v1/orders/${order.id}/payments`, { token, body: { method: 'usdt_trc20', currency: 'USDT' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { order, payment: res.body };
}

/** Blocks are produced as the clock moves; the jobs (the watcher among them) run after. */
async function advance(ms: number) {
  t.clock.advance(ms);
  await runExpiry(t);
}
const payment = async (id: string, token = t.merchant.token) => (await t.request('GET', `/v1/payments/${id}`, { token })).body;
const order = async (id: string, token = t.merchant.token) => (await t.request('GET', `/v1/orders/${id}`, { token })).body;

describe('usdt_trc20 on the sandbox chain', () => {
  it('a USD order paid in USDT: a fresh address from the xpub, the exact 6-decimal amount; seen, then credited after 19 confirmations', async () => {
    const m = await t.newMerchant();
    const { order: o, payment: p } = await usdtPayment(m.token);
    expect(p).toMatchObject({ method: 'usdt_trc20', provider: 'sandbox', status: 'pending', currency: 'USDT', amount: 100020000, quote: { order_amount: 10000, rate: '1.0002' } });
    expect(p.instructions).toEqual({
      type: 'usdt_trc20',
      address: depositAddress((await t.request('GET', '/v1/settings/payments', { token: m.token })).body.usdt_trc20.xpub, 0),
      amount: '100.020000',
      currency: 'USDT',
      network: 'TRC20',
      contract: USDT_CONTRACT,
      confirmations_required: 19,
      qr_png_url: `http://127.0.0.1:3000/v1/payments/${p.id}/qr.png`,
      qr_svg_url: `http://127.0.0.1:3000/v1/payments/${p.id}/qr.svg`,
      expires_at: p.expires_at,
    });
    expect(p.provider_reference).toBe(p.instructions.address);
    const png = await t.app.inject({ method: 'GET', url: `/v1/payments/${p.id}/qr.png`, headers: { authorization: `Bearer ${m.token}` } });
    expect(decodeQr(gridFromPng(readPng(png.rawPayload))).text).toBe(p.instructions.address);

    // The test helper broadcasts the transfer: nothing is credited until the watcher finds it and it is confirmed.
    expect(await pay(t, p.id, undefined, m.token)).toMatchObject({ status: 'pending', amount_received: 0 });
    await advance(BLOCK_MS);
    const seen = await t.db.query<{ status: string; amount: string | number }>(`SELECT status, amount FROM usdt_transfers WHERE payment_id = $1`, [uuidOf(p.id)]);
    expect(seen.map((r) => [r.status, Number(r.amount)])).toEqual([['seen', 100020000]]);
    expect((await payment(p.id, m.token)).status).toBe('pending');
    await advance(CONFIRMATIONS_MS - 2 * BLOCK_MS);
    expect((await payment(p.id, m.token)).status).toBe('pending'); // 18 confirmations
    await advance(BLOCK_MS);
    const paid = await payment(p.id, m.token);
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 100020000, fee: 0, late: false, provider_metadata: { address: p.instructions.address, from: PAYER } });
    expect(paid.provider_metadata.transaction_id).toMatch(/^[0-9a-f]{64}$/);
    expect(await order(o.id, m.token)).toMatchObject({ status: 'paid', amount_paid: 10000 });
    expect(await eventTypes(t, p.id)).toEqual([]);
    const balance = (await t.request('GET', '/v1/balance', { token: m.token })).body;
    expect(balance.available).toEqual([{ currency: 'USD', amount: 10000 }]);
  });

  it('short and over are the order\'s money rules; exact 6-decimal amounts', async () => {
    const short = await usdtPayment();
    await pay(t, short.payment.id, 50_010_000); // half of 100.020000
    const over = await usdtPayment();
    await pay(t, over.payment.id, 100_020_001); // one µUSDT over
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect(await order(short.order.id)).toMatchObject({ status: 'partially_paid', amount_paid: 5000, amount_due: 5000 });
    expect(await payment(short.payment.id)).toMatchObject({ status: 'succeeded', amount_received: 50_010_000 });
    // 100.020001 × 10000 / 100.020000 = 10000.0001 → 10000: one µUSDT counts for nothing in cents, so the order is paid, not overpaid.
    expect(await order(over.order.id)).toMatchObject({ status: 'paid', amount_paid: 10000 });
  });

  it('another token, a look-alike contract, and dust do not credit; dust is recorded', async () => {
    const { payment: p } = await usdtPayment();
    chain.transfer({ contract: 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf', from: PAYER, to: p.provider_reference, value: 100_020_000 });
    chain.transfer({ contract: LOOK_ALIKE, listedUnder: USDT_CONTRACT, from: PAYER, to: p.provider_reference, value: 100_020_000 });
    chain.transfer({ contract: USDT_CONTRACT, from: PAYER, to: p.provider_reference, value: 9_999 });
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect((await payment(p.id)).status).toBe('pending');
    const rows = await t.db.query<{ status: string; amount: string | number }>(`SELECT status, amount FROM usdt_transfers WHERE payment_id = $1`, [uuidOf(p.id)]);
    expect(rows.map((r) => [r.status, Number(r.amount)])).toEqual([['dust', 9_999]]);
  });

  it('late: after expiry the payment expires; money that arrives in the late window is credited, flagged late', async () => {
    const { order: o, payment: p } = await usdtPayment(t.merchant.token, 10000, { expires_at: new Date(t.clock.now().getTime() + 600_000).toISOString() });
    await advance(601_000);
    expect((await payment(p.id)).status).toBe('expired');
    await pay(t, p.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect(await payment(p.id)).toMatchObject({ status: 'succeeded', late: true });
    expect(await eventTypes(t, p.id)).toEqual(['payment.created', 'payment.expired', 'payment.succeeded', 'payment.late']);
    expect((await order(o.id)).amount_paid).toBe(10000);
  });

  it('a second transfer to a paid address adds to the payment: the order becomes overpaid, the excess owed back; a rescan credits nothing twice', async () => {
    const { order: o, payment: p } = await usdtPayment();
    await pay(t, p.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    chain.transfer({ contract: USDT_CONTRACT, from: PAYER, to: p.provider_reference, value: 5_000_000 });
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect(await payment(p.id)).toMatchObject({ status: 'succeeded', amount_received: 105_020_000, late: false });
    // 5.000000 USDT at the locked 1.0002: 499.90 cents, rounded half up to 500, all of it beyond the amount.
    expect(await order(o.id)).toMatchObject({ status: 'overpaid', amount_paid: 10500, amount_overpaid: 500, amount_due: 0 });
    expect(await eventTypes(t, p.id)).toEqual(['payment.created', 'payment.succeeded', 'payment.updated']);
    expect(await eventTypes(t, o.id)).toEqual(expect.arrayContaining(['order.paid', 'order.overpaid']));
    const rows = await t.db.query<{ status: string }>(`SELECT status FROM usdt_transfers WHERE payment_id = $1 ORDER BY block_number`, [uuidOf(p.id)]);
    expect(rows.map((r) => r.status)).toEqual(['credited', 'credited']);
    const movements = (await t.request('GET', `/v1/balance_transactions?payment=${p.id}`)).body.data;
    expect(movements.map((bt: { amount: number; owed_to_payer: number }) => [bt.amount, bt.owed_to_payer]).sort()).toEqual([[0, 500], [10000, 0]]);
  });

  it('addresses taken at once are all different (the index is taken atomically)', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, () => usdtPayment()));
    const addresses = created.map((c) => c.payment.instructions.address);
    expect(new Set(addresses).size).toBe(12);
    expect(addresses.every(isTronAddress)).toBe(true);
  });

  it('two watchers at once and a scan that dies mid-way credit each transfer exactly once', async () => {
    const config = { ...t.services.config.usdt, maxPagesPerTick: 2 };
    const deps = paymentDeps(t.services);
    const payments = await Promise.all(Array.from({ length: 3 }, () => usdtPayment()));
    // 450 transfers of other addresses first, over three blocks, so the scan takes three pages of 200.
    for (let i = 0; i < 450; i++) {
      if (i % 150 === 0) t.clock.advance(BLOCK_MS);
      chain.transfer({ contract: USDT_CONTRACT, from: PAYER, to: depositAddress(SANDBOX_XPUB, 1_000_000 + i), value: 1_000_000 });
    }
    for (const { payment: p } of payments) await pay(t, p.id);
    t.clock.advance(BLOCK_MS);
    const client = tronGridClient({ url: await chain.url(), apiKey: undefined, timeoutMs: 5000 });
    let pages = 0;
    const dying: ChainClient = {
      head: () => client.head(),
      transfers: async (...args) => {
        if (++pages === 2) throw new Error('node killed mid-scan');
        return client.transfers(...args);
      },
    };
    await expect(watchChain(t.db, deps, config, 'sandbox', dying)).rejects.toThrow('node killed');
    t.clock.advance(CONFIRMATIONS_MS);
    // The dead node released its lease; two nodes then scan and confirm at the same time, several ticks each.
    for (let i = 0; i < 6; i++) await Promise.all([watchChain(t.db, deps, config, 'sandbox', client), watchChain(t.db, deps, config, 'sandbox', client)]);
    for (const { order: o, payment: p } of payments) {
      expect(await payment(p.id)).toMatchObject({ status: 'succeeded', amount_received: 100020000 });
      expect(await order(o.id)).toMatchObject({ status: 'paid', amount_paid: 10000 });
      const entries = await t.db.query(`SELECT 1 FROM balance_transactions WHERE payment_id = $1`, [uuidOf(p.id)]);
      expect(entries).toHaveLength(1);
    }
  });

  it('the merchant sets its xpub; an xprv or garbage is refused naming the field', async () => {
    const m = await t.newMerchant();
    const xpub = 'xpub6ChVWbXxgtp7PfXntivshZfwQophZWmVQwKJz1wY2MSKn5nm71wvUAj3vGCPHHWTLCreiQzcxgWGJqhAvwNpNUB992qY7a6CpZBnkYvVmyb';
    const set = await t.request('POST', '/v1/settings/payments', { token: m.token, body: { usdt_trc20: { xpub } } });
    expect(set.body.usdt_trc20).toEqual({ provider: 'sandbox', xpub });
    const { payment: p } = await usdtPayment(m.token);
    // That xpub's first address is the wallet SDK's published one.
    expect(p.instructions.address).toBe('TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb');
    for (const bad of ['xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu', 'xpub123', 'hello']) {
      const res = await t.request('POST', '/v1/settings/payments', { token: m.token, body: { usdt_trc20: { xpub: bad } } });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0]).toMatchObject({ path: '/usdt_trc20/xpub', code: 'invalid_xpub' });
    }
  });

  it('a USDT payment needs a rate: the rail takes USDT only, priced from the order\'s currency', async () => {
    const m = await t.newMerchant();
    const o = (await t.request('POST', '/v1/orders', { token: m.token, body: orderBody({ currency: 'USD' }) })).body;
    expectProblem(await t.request('POST', `/v1/orders/${o.id}/payments`, { token: m.token, body: { method: 'usdt_trc20' } }), 400, 'payment_method_not_allowed');
    expectProblem(await t.request('POST', `/v1/orders/${o.id}/payments`, { token: m.token, body: { method: 'usdt_trc20', currency: 'USDT' } }), 422, 'fx_rate_unavailable');
  });
});

describe('usdt_trc20 live, watched on a TronGrid-compatible API (provider trongrid) served on loopback', () => {
  it('a live payment is credited from the API\'s events, with its key sent', async () => {
    const live = new FakeTronChain(t.clock, Date.UTC(2026, 0, 1), 'grid-key');
    const url = await live.url();
    const usdt = loadConfig({ PAYORDERS_TRON_API_URL: url, PAYORDERS_TRON_API_KEY: 'grid-key', PAYORDERS_USDT_CONFIRMATIONS: '3' }).usdt;
    const t2 = await startTestApp({ usdt });
    try {
      t2.clock.set(t.clock.now());
      live.useClock(t2.clock);
      const m = await t2.newMerchant();
      const set = await t2.request('POST', '/v1/settings/payments', { token: m.live, body: { usdt_trc20: { xpub: SANDBOX_XPUB } } });
      expect(set.body.usdt_trc20.provider).toBe('trongrid');
      await t2.request('PUT', '/v1/fx/rates', { token: m.live, body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1' }] } });
      const o = (await t2.request('POST', '/v1/orders', { token: m.live, body: orderBody({ amount: 2500, currency: 'USD' }) })).body;
      const p = (await t2.request('POST', `/v1/orders/${o.id}/payments`, { token: m.live, body: { method: 'usdt_trc20', currency: 'USDT' } })).body;
      expect(p).toMatchObject({ livemode: true, provider: 'trongrid', amount: 25_000_000, instructions: { confirmations_required: 3 } });
      live.transfer({ contract: USDT_CONTRACT, from: PAYER, to: p.instructions.address, value: 25_000_000 });
      t2.clock.advance(4 * BLOCK_MS);
      await runExpiry(t2);
      expect((await t2.request('GET', `/v1/payments/${p.id}`, { token: m.live })).body).toMatchObject({ status: 'succeeded', amount_received: 25_000_000 });
      expect(live.requests.get('/wallet/getnowblock')).toBeGreaterThan(0);
    } finally {
      await t2.close();
      await live.close();
    }
  });
});

function uuidOf(id: string): string {
  return decodeId('payment', id)!;
}
