import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USDT_CONTRACT } from '../src/rails/usdt-trc20/address.js';
import { BLOCK_MS, type FakeTronChain } from '../src/rails/usdt-trc20/fake-chain.js';
import { sandboxChainOf } from '../src/rails/usdt-trc20/rail.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { payByCard } from './payments-card.js';
import { eventTypes, getOrder, orderWithPayment, pay } from './payments.js';

/** Refunds on every rail through /v1: where each sends the money, and what each asks for. */

let t: TestApp;
let chain: FakeTronChain;
beforeAll(async () => {
  t = await startTestApp();
  chain = sandboxChainOf(t.services.config.usdt);
  chain.useClock(t.clock);
});
afterAll(() => t.close());

const BR_ACCOUNT = { type: 'br_bank_account', bank_code: '341', branch: '0001-9', account: '12345-6', account_type: 'checking', holder_name: 'Fulano de Tal', holder_tax_id: '529.982.247-25' };
const AR_ACCOUNT = { type: 'ar_bank_account', cbu: '28505909 40090418135201', holder_name: 'Juan Pérez', holder_tax_id: '20-12345678-6' };
const PAYER = 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb';
const CONFIRMATIONS_MS = 19 * BLOCK_MS;

async function paid(method: string, order: Record<string, unknown> = {}) {
  const created = await orderWithPayment(t, order, { method });
  await pay(t, created.payment.id);
  return created;
}

async function advance(ms: number) {
  t.clock.advance(ms);
  await runExpiry(t);
}

describe('refunds per rail', () => {
  it('boleto: a transfer to the Brazilian account given, normalized (agência without its digit, conta and CPF as digits)', async () => {
    const { order, payment } = await paid('boleto');
    const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 9700, destination: BR_ACCOUNT } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      method: 'boleto',
      status: 'succeeded',
      destination: { type: 'br_bank_account', bank_code: '341', branch: '0001', account: '123456', account_type: 'checking', holder_name: 'Fulano de Tal', holder_tax_id: '52998224725' },
    });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 9700 });
  });

  it('boleto: no destination, or one that is not a valid account, is a 400 naming the field; nothing is recorded', async () => {
    const { payment } = await paid('boleto');
    const missing = await t.request('POST', '/v1/refunds', { body: { payment: payment.id } });
    expectProblem(missing, 400, 'validation_error');
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: '/destination', code: 'required' })]);
    for (const [field, bad] of [
      ['holder_tax_id', { holder_tax_id: '529.982.247-24' }],
      ['bank_code', { bank_code: '34' }],
      ['branch', { branch: 'centro' }],
    ] as const) {
      const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination: { ...BR_ACCOUNT, ...bad } } });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0].path).toBe(`/destination/${field}`);
    }
    const wrongKind = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination: AR_ACCOUNT } });
    expect(wrongKind.body.errors[0].path).toBe('/destination/type');
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`)).body.data).toEqual([]);
  });

  it('ar_transfer_qr: a transfer to the CBU/CVU given; a CBU with a wrong check digit is refused', async () => {
    const { order, payment } = await paid('ar_transfer_qr', { amount: 1500000, currency: 'ARS' });
    const bad = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination: { ...AR_ACCOUNT, cbu: '2850590940090418135202' } } });
    expectProblem(bad, 400, 'validation_error');
    expect(bad.body.errors[0]).toMatchObject({ path: '/destination/cbu', code: 'check_digit_mismatch' });
    const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination: AR_ACCOUNT } });
    expect(res.body).toMatchObject({ status: 'succeeded', amount: 1500000, currency: 'ARS', destination: { cbu: '2850590940090418135201', holder_tax_id: '20123456786' } });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'refunded', amount_refunded: 1500000 });
  });

  it('pix: a devolução goes back to the payer, so a destination is refused', async () => {
    const { payment } = await paid('pix');
    const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination: BR_ACCOUNT } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors[0]).toMatchObject({ path: '/destination', code: 'not_allowed' });
  });

  it('usdt_trc20: requires_action until the merchant records its transaction; the watcher confirms it after 19 blocks; the order (USD) is refunded at the locked price', async () => {
    await t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000, currency: 'USD' }) })).body;
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'usdt_trc20', currency: 'USDT' } })).body;
    await pay(t, payment.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid' });

    const created = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 50_010_000, destination: { type: 'trc20_address', address: PAYER } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requires_action',
      currency: 'USDT',
      next_action: { type: 'send_transaction', to: PAYER, amount: '50.010000', currency: 'USDT', network: 'TRC20', contract: USDT_CONTRACT },
    });
    const id = created.body.id;
    expectProblem(await t.request('POST', `/v1/refunds/${id}/transaction`, { body: { hash: 'not-a-hash' } }), 400, 'validation_error');

    // The merchant sends it from its own wallet; a transfer of another amount in another transaction confirms nothing.
    chain.useClock(t.clock);
    chain.transfer({ contract: USDT_CONTRACT, from: PAYER, to: PAYER, value: 1 });
    const hash = chain.transfer({ contract: USDT_CONTRACT, from: 'TKHuVq1oKVruCGLvqVexFs6dawKv6fQgFs', to: PAYER, value: 50_010_000 });
    // Mistyped first, put right before the watcher has seen it: the hash recorded last is the one watched for.
    const mistyped = await t.request('POST', `/v1/refunds/${id}/transaction`, { body: { hash: 'ab'.repeat(32) } });
    expect(mistyped.body).toMatchObject({ status: 'pending', transaction_hash: 'ab'.repeat(32), next_action: null });
    const recorded = await t.request('POST', `/v1/refunds/${id}/transaction`, { body: { hash: `0x${hash.toUpperCase()}` } });
    expect(recorded.body).toMatchObject({ status: 'pending', transaction_hash: hash });
    expect((await t.request('POST', `/v1/refunds/${id}/transaction`, { body: { hash } })).body).toMatchObject({ status: 'pending' });

    await advance(BLOCK_MS);
    // Seen on the chain: its transaction can no longer be replaced.
    expectProblem(await t.request('POST', `/v1/refunds/${id}/transaction`, { body: { hash: 'ab'.repeat(32) } }), 409, 'invalid_state_transition');
    await advance(CONFIRMATIONS_MS - 2 * BLOCK_MS);
    expect((await t.request('GET', `/v1/refunds/${id}`)).body.status).toBe('pending');
    await advance(2 * BLOCK_MS);
    expect((await t.request('GET', `/v1/refunds/${id}`)).body).toMatchObject({ status: 'succeeded', order_amount: 5000, provider_metadata: { transaction_id: hash } });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 5000 });
    expect(await eventTypes(t, id)).toEqual(['refund.created', 'refund.requires_action', 'refund.updated', 'refund.updated', 'refund.succeeded']);
  });

  it('card: refunded at the sandbox acquirer, in part and then the rest; a destination is refused', async () => {
    const { order, res } = await payByCard(t, '4242424242424242');
    expect(res.body).toMatchObject({ status: 'succeeded', amount_received: 29700 });
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, destination: BR_ACCOUNT } }), 400, 'validation_error');
    const part = await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 9700 } });
    expect(part.body).toMatchObject({ method: 'card', status: 'succeeded', amount: 9700, provider_metadata: { acquirer_refund: part.body.reference } });
    expect((await t.request('POST', '/v1/refunds', { body: { payment: res.body.id } })).body).toMatchObject({ status: 'succeeded', amount: 20000 });
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'refunded', amount_refunded: 29700 });
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: res.body.id } }), 409, 'already_refunded');
  });

  it('card: a partial capture can be refunded up to what was captured, not the authorisation', async () => {
    const { res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' });
    expect(res.body.status).toBe('requires_capture');
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: res.body.id } }), 409, 'invalid_state_transition');
    const captured = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: { amount: 20000 } });
    expect(captured.body, JSON.stringify(captured.body)).toMatchObject({ status: 'succeeded', amount_received: 20000 });
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 20100 } }), 409, 'refund_exceeds_remaining');
    expect((await t.request('POST', '/v1/refunds', { body: { payment: res.body.id } })).body).toMatchObject({ status: 'succeeded', amount: 20000 });
  });

  it('usdt_trc20: a refund not yet sent may be canceled, which frees its amount; one sent or sent by its provider may not', async () => {
    await t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000, currency: 'USD' }) })).body;
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'usdt_trc20', currency: 'USDT' } })).body;
    await pay(t, payment.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    const destination = { type: 'trc20_address', address: PAYER };
    const unsent = (await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination } })).body;
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 1, destination } }), 409, 'already_refunded');
    const canceled = await t.request('POST', `/v1/refunds/${unsent.id}/cancel`);
    expect(canceled.body).toMatchObject({ status: 'canceled' });
    expect(await eventTypes(t, unsent.id)).toEqual(['refund.created', 'refund.requires_action', 'refund.canceled']);
    expectProblem(await t.request('POST', `/v1/refunds/${unsent.id}/cancel`), 409, 'invalid_state_transition');
    const again = (await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination } })).body;
    await t.request('POST', `/v1/refunds/${again.id}/transaction`, { body: { hash: 'cd'.repeat(32) } });
    expectProblem(await t.request('POST', `/v1/refunds/${again.id}/cancel`), 409, 'invalid_state_transition');
    const { payment: pix } = await paid('pix');
    const sent = (await t.request('POST', '/v1/refunds', { body: { payment: pix.id } })).body;
    expectProblem(await t.request('POST', `/v1/refunds/${sent.id}/cancel`), 409, 'invalid_state_transition');
  });

  it('usdt_trc20: a recorded transaction never seen on the chain fails the refund after PAYORDERS_USDT_REFUND_TRANSACTION_HOURS (24), which frees its amount', async () => {
    await t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 10000, currency: 'USD' }) })).body;
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'usdt_trc20', currency: 'USDT' } })).body;
    await pay(t, payment.id);
    await advance(BLOCK_MS + CONFIRMATIONS_MS);
    const movements = async () => (await t.request('GET', `/v1/balance_transactions?payment=${payment.id}`)).body.data.map((b: { type: string; net: number }) => [b.type, b.net]);
    const before = await movements();
    const destination = { type: 'trc20_address', address: PAYER };
    const refund = (await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination } })).body;
    await t.request('POST', `/v1/refunds/${refund.id}/transaction`, { body: { hash: 'ef'.repeat(32) } });
    await advance(12 * 3_600_000);
    // Recording it again keeps its window; a mistyped hash put right would start a new one.
    await t.request('POST', `/v1/refunds/${refund.id}/transaction`, { body: { hash: 'ef'.repeat(32) } });
    await advance(12 * 3_600_000 - 60_000);
    expect((await t.request('GET', `/v1/refunds/${refund.id}`)).body.status).toBe('pending');
    await advance(60_000);
    const failed = (await t.request('GET', `/v1/refunds/${refund.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'transaction_not_seen', transaction_hash: 'ef'.repeat(32) });
    expect(await eventTypes(t, refund.id)).toEqual(['refund.created', 'refund.requires_action', 'refund.updated', 'refund.failed']);
    // Nothing left the balance (the payment's one movement is all), and the amount may be refunded again.
    expect(before).toEqual([['payment', expect.any(Number)]]);
    expect(await movements()).toEqual(before);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect((await t.request('POST', '/v1/refunds', { body: { payment: payment.id, destination } })).status).toBe(201);
  });

  it('a transaction cannot be recorded on a refund its provider sends', async () => {
    const { payment } = await paid('pix');
    const r = (await t.request('POST', '/v1/refunds', { body: { payment: payment.id } })).body;
    expectProblem(await t.request('POST', `/v1/refunds/${r.id}/transaction`, { body: { hash: 'ab'.repeat(32) } }), 409, 'invalid_state_transition');
  });
});
