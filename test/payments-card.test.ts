import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, getOrder } from './payments.js';
import { payByCard, tokenize } from './payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
});
afterAll(() => t.close());

const DECLINES: Array<[string, string]> = [
  ['4000000000000002', 'card_declined'],
  ['4000000000009995', 'insufficient_funds'],
  ['4000000000000069', 'expired_card'],
  ['4000000000000127', 'incorrect_cvc'],
  ['4000000000000119', 'processing_error'],
];

describe('card payments with the sandbox test cards', () => {
  it.each(['4242424242424242', '5555555555554444'])('%s is charged at once (capture automatic)', async (number) => {
    const { order, res } = await payByCard(t, number);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ method: 'card', provider: 'sandbox', status: 'succeeded', amount: 29700, amount_received: 29700, fee: 888, decline_code: null, next_action: null });
    expect(res.body.provider_metadata).toMatchObject({ card: { last4: number.slice(-4), exp_month: 12, exp_year: 2030 }, capture_method: 'automatic', installments: 1 });
    expect(res.body.provider_metadata.card.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect((await getOrder(t, order.id)).status).toBe('paid');
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.succeeded']);
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.paid']);
  });

  it.each(DECLINES)('%s is declined with decline_code %s: 402, and the payment recorded failed', async (number, code) => {
    const { order, res } = await payByCard(t, number);
    expectProblem(res, 402, 'card_declined');
    expect(res.body.decline_code).toBe(code);
    expect(res.body.payment).toMatch(/^pay_/);
    const payment = (await t.request('GET', `/v1/payments/${res.body.payment}`)).body;
    expect(payment).toMatchObject({ status: 'failed', decline_code: code, failure_code: code });
    expect((await getOrder(t, order.id)).status).toBe('open');
  });

  it.each(['4000000000003220', '4000002500003155'])('%s asks for 3-D Secure: requires_action with a redirect', async (number) => {
    const { order, res } = await payByCard(t, number);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('requires_action');
    expect(res.body.next_action).toEqual({ type: 'redirect', url: expect.stringMatching(/\/sandbox\/card\/challenge\/mer_[0-9a-z]+\/ch_sbx_[0-9a-f]{32}$/) });
    expect((await getOrder(t, order.id)).status).toBe('requires_action');
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.requires_action']);
  });

  it('gives the same card the same fingerprint, and another card another', async () => {
    const a = (await payByCard(t, '4242424242424242')).res.body.provider_metadata.card.fingerprint;
    const b = (await payByCard(t, '4242 4242 4242 4242')).res.body.provider_metadata.card.fingerprint;
    const c = (await payByCard(t, '5555555555554444')).res.body.provider_metadata.card.fingerprint;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const other = await t.newMerchant();
    const token = await tokenize(t, '4242424242424242', other.token);
    const created = await t.request('POST', '/v1/orders', { token: other.token, body: orderBody() });
    const paid = await t.request('POST', `/v1/orders/${created.body.id}/payments`, { token: other.token, body: { method: 'card', token: token.id } });
    expect(paid.body.provider_metadata.card.fingerprint).not.toBe(a);
  });
});

describe('tokens and terms', () => {
  it('pay once, and not after they expire', async () => {
    const { token } = await payByCard(t, '4242424242424242');
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const again = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: token.id } });
    expectProblem(again, 400, 'validation_error');
    expect(again.body.errors[0]).toMatchObject({ path: '/token', code: 'token_used' });
    const late = await tokenize(t, '4242424242424242');
    t.clock.advance(15 * 60_000 + 1);
    const expired = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: late.id } });
    expect(expired.body.errors[0]).toMatchObject({ path: '/token', code: 'token_expired' });
    const other = await t.newMerchant();
    expectProblem(await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: (await tokenize(t, '4242424242424242', other.token)).id } }), 404, 'resource_missing');
  });

  it('used by many payments at once, pay exactly one of them; the tokens used beside them pay theirs', async () => {
    const shared = await tokenize(t, '4242424242424242');
    const own = await Promise.all(Array.from({ length: 4 }, () => tokenize(t, '5555555555554444')));
    const orders = await Promise.all(Array.from({ length: 10 }, async () => (await t.request('POST', '/v1/orders', { body: orderBody() })).body));
    const answers = await Promise.all(
      orders.map((order, i) => t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: i < 4 ? own[i]!.id : shared.id } })),
    );
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const onShared = answers.slice(4);
    expect(onShared.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of onShared.filter((a) => a.status !== 201)) expect(refused.body.errors[0]).toMatchObject({ path: '/token', code: 'token_used' });
    const paid = await Promise.all(orders.map(async (order) => (await t.request('GET', `/v1/orders/${order.id}`)).body.status));
    expect(paid.filter((s) => s === 'paid')).toHaveLength(5);
  });

  it('take installments on BRL orders only', async () => {
    const { res } = await payByCard(t, '4242424242424242', { installments: 3 });
    expect(res.body.provider_metadata.installments).toBe(3);
    const usd = await payByCard(t, '4242424242424242', { installments: 3 }, { currency: 'USD' });
    expectProblem(usd.res, 400, 'validation_error');
    expect(usd.res.body.errors[0]).toMatchObject({ path: '/installments', code: 'installments_not_allowed' });
    expectProblem((await payByCard(t, '4242424242424242', { installments: 13 })).res, 400, 'validation_error');
  });

  it('are refused for other methods, and a card payment needs a token or a payment method', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const pix = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix', capture_method: 'manual' } });
    expect(pix.body.errors[0]).toMatchObject({ path: '/capture_method', code: 'card_only' });
    const bare = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card' } });
    expect(bare.body.errors[0]).toMatchObject({ path: '/token', code: 'required' });
  });
});

describe('manual capture', () => {
  it('authorises, then captures part once: the rest is released, the order partially paid', async () => {
    const { order, res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' });
    expect(res.body).toMatchObject({ status: 'requires_capture', amount: 29700, amount_received: 0 });
    expect((await getOrder(t, order.id)).status).toBe('processing');
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: { amount: 29701 } }), 400, 'validation_error');
    const captured = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: { amount: 10000 } });
    expect(captured.status, JSON.stringify(captured.body)).toBe(200);
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 10000, fee: 299 });
    expect((await getOrder(t, order.id)).status).toBe('partially_paid');
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} }), 409, 'invalid_state_transition');
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.requires_capture', 'payment.succeeded', 'payment.captured']);
  });

  it('captures the whole authorisation by default, and a retried capture with its key replays', async () => {
    const { order, res } = await payByCard(t, '5555555555554444', { capture_method: 'manual' });
    const headers = { 'idempotency-key': `capture-${res.body.id}` };
    const first = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {}, headers });
    const second = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {}, headers });
    expect(first.body).toMatchObject({ status: 'succeeded', amount_received: 29700 });
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await getOrder(t, order.id)).status).toBe('paid');
  });

  it('voids with cancel: the order is open again and nothing can be captured', async () => {
    const { order, res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' });
    const voided = await t.request('POST', `/v1/payments/${res.body.id}/cancel`, { body: {} });
    expect(voided.body.status).toBe('canceled');
    expect((await getOrder(t, order.id)).status).toBe('open');
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} }), 409, 'invalid_state_transition');
  });

  it('refuses to capture what is not an authorisation', async () => {
    const { res } = await payByCard(t, '4242424242424242');
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} }), 409, 'invalid_state_transition');
    const other = await t.newMerchant();
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { token: other.token, body: {} }), 404, 'resource_missing');
  });

  it('lets an uncaptured authorisation expire after 7 days (the job voids it)', async () => {
    const { order, res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' }, { expires_at: undefined });
    t.clock.advance(7 * 86_400_000 - 60_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('requires_capture');
    t.clock.advance(60_000);
    await runExpiry(t);
    const expired = (await t.request('GET', `/v1/payments/${res.body.id}`)).body;
    expect(expired.status).toBe('expired');
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.requires_capture', 'payment.expired']);
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} }), 409, 'invalid_state_transition');
    expect((await getOrder(t, order.id)).status).not.toBe('processing');
  });
});
