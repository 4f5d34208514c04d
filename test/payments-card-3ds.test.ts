import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { eventTypes, getOrder } from './payments.js';
import { runExpiry } from './jobs.js';
import { answerChallenge as answerPage, payByCard, tokenize } from './payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
});
afterAll(() => t.close());

const answerChallenge = (url: string, outcome: 'pass' | 'fail') => answerPage(t, url, outcome);

describe('3-D Secure in the sandbox', () => {
  it("passed: the payment succeeds through the sandbox's notification, and the payer goes back to the order's redirect_url", async () => {
    const { order, res } = await payByCard(t, '4000000000003220', {}, { redirect_url: 'https://shop.example/thanks' });
    const page = await t.app.inject({ method: 'GET', url: new URL(res.body.next_action.url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/<script/i);
    const answered = await answerChallenge(res.body.next_action.url, 'pass');
    expect(answered).toMatchObject({ status: 303, location: 'https://shop.example/thanks' });
    const payment = (await t.request('GET', `/v1/payments/${res.body.id}`)).body;
    expect(payment).toMatchObject({ status: 'succeeded', amount_received: 29700, next_action: null });
    expect((await getOrder(t, order.id)).status).toBe('paid');
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.requires_action', 'payment.succeeded']);
    const events = (await t.request('GET', `/v1/events?object=${res.body.id}&limit=10`)).body.data;
    expect(events[0].actor).toMatchObject({ type: 'provider', id: 'card/sandbox' });
    // Answered once: the page is gone.
    expect((await t.app.inject({ method: 'GET', url: new URL(res.body.next_action.url).pathname })).statusCode).toBe(410);
    expect((await answerChallenge(res.body.next_action.url, 'fail')).status).toBe(410);
  });

  it('failed: the payment fails with card_declined and the order is open again', async () => {
    const { order, res } = await payByCard(t, '4000000000003220');
    const answered = await answerChallenge(res.body.next_action.url, 'fail');
    expect(answered.status).toBe(200);
    expect(answered.body).toContain('Authentication failed');
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ status: 'failed', decline_code: 'card_declined' });
    expect((await getOrder(t, order.id)).status).toBe('open');
  });

  it('passed with capture manual: the payment is authorised, to capture', async () => {
    const { order, res } = await payByCard(t, '4000000000003220', { capture_method: 'manual' });
    await answerChallenge(res.body.next_action.url, 'pass');
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('requires_capture');
    expect((await getOrder(t, order.id)).status).toBe('processing');
    const captured = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} });
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 29700 });
  });

  it('4000002500003155 challenges once: saved after passing, its merchant-initiated payments go through without', async () => {
    const customer = (await t.request('POST', '/v1/customers', { body: { name: 'Assinante' } })).body.id;
    const { res } = await payByCard(t, '4000002500003155', { save_payment_method: 'off_session' }, { customer });
    expect(res.body.status).toBe('requires_action');
    // Saved only once the challenge passes.
    expect(res.body.provider_metadata.payment_method).toBeNull();
    expect((await t.request('GET', `/v1/payment_methods?customer=${customer}`)).body.data).toEqual([]);
    await answerChallenge(res.body.next_action.url, 'pass');
    const passed = (await t.request('GET', `/v1/payments/${res.body.id}`)).body;
    const pm = passed.provider_metadata.payment_method;
    expect(pm).toMatch(/^pm_/);
    expect((await t.request('GET', `/v1/payment_methods?customer=${customer}`)).body.data.map((p: { id: string }) => p.id)).toEqual([pm]);
    const events = (await t.request('GET', `/v1/events?object=${res.body.id}&limit=1`)).body.data;
    expect(events[0]).toMatchObject({ type: 'payment.succeeded', data: { object: { provider_metadata: { payment_method: pm } } } });
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ customer }) })).body;
    const later = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', payment_method: pm, merchant_initiated: true } });
    expect(later.body.status).toBe('succeeded');
    // With the payer present, a one-off payment is challenged again.
    const present = (await t.request('POST', '/v1/orders', { body: orderBody({ customer }) })).body;
    expect((await t.request('POST', `/v1/orders/${present.id}/payments`, { body: { method: 'card', payment_method: pm } })).body.status).toBe('requires_action');
  });

  it('left unanswered for PAYORDERS_CARD_CHALLENGE_MINUTES (30), expires: payment.expired, the challenge closed, the order payable again', async () => {
    const { order, res } = await payByCard(t, '4000000000003220', {}, { expires_at: undefined });
    expect((await getOrder(t, order.id)).status).toBe('requires_action');
    t.clock.advance(30 * 60_000 - 1000);
    expect((await runExpiry(t))['expire-card-challenges']).toBe(0);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('requires_action');
    t.clock.advance(1000);
    expect((await runExpiry(t))['expire-card-challenges']).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ status: 'expired', next_action: null });
    expect(await eventTypes(t, res.body.id)).toEqual(['payment.created', 'payment.requires_action', 'payment.expired']);
    const events = (await t.request('GET', `/v1/events?object=${res.body.id}&limit=1`)).body.data;
    expect(events[0].actor).toMatchObject({ type: 'job', id: 'card-challenge-expiry' });
    // The sandbox acquirer voided its charge: the payer's late answer finds no challenge.
    expect((await answerChallenge(res.body.next_action.url, 'pass')).status).toBe(410);
    expect((await getOrder(t, order.id)).status).toBe('open');
    const token = await tokenize(t, '4242424242424242');
    const again = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: token.id } });
    expect(again.body.status).toBe('succeeded');
    expect((await getOrder(t, order.id)).status).toBe('paid');
  });

  it('the expiry job leaves an answered challenge alone, and claims each due one once', async () => {
    const answered = await payByCard(t, '4000000000003220', { capture_method: 'manual' }, { expires_at: undefined });
    await answerChallenge(answered.res.body.next_action.url, 'pass');
    t.clock.advance(31 * 60_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/payments/${answered.res.body.id}`)).body.status).toBe('requires_capture');
    expect((await runExpiry(t))['expire-card-challenges']).toBe(0);
  });

  it('a canceled payment closes its challenge', async () => {
    const { order, res } = await payByCard(t, '4000000000003220');
    expect((await t.request('POST', `/v1/payments/${res.body.id}/cancel`, { body: {} })).body.status).toBe('canceled');
    expect((await answerChallenge(res.body.next_action.url, 'pass')).status).toBe(410);
    expect((await getOrder(t, order.id)).status).toBe('open');
  });

  it('a forged notification moves nothing; an unknown challenge is 410; a missing outcome 400', async () => {
    const { res } = await payByCard(t, '4000000000003220');
    const reference = new URL(res.body.next_action.url).pathname.split('/').pop();
    const body = { id: 'x', type: 'card.challenge_passed', merchant: `mer_${'0'.repeat(26)}`, created: Math.floor(t.clock.now().getTime() / 1000), data: { method: 'card', reference, capture_method: 'automatic', amount: 29700, fee: 0 } };
    const forged = await t.request('POST', '/hooks/card/sandbox', { token: null, body: { ...body, merchant: (await t.request('GET', '/v1/account')).body.merchant.id } });
    expect(forged.status).toBe(200);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('requires_action');
    expect((await t.app.inject({ method: 'GET', url: `/sandbox/card/challenge/mer_${'0'.repeat(26)}/${reference}` })).statusCode).toBe(410);
    const bad = await t.app.inject({ method: 'POST', url: new URL(res.body.next_action.url).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'outcome=maybe' });
    expect(bad.statusCode).toBe(400);
    expectProblem(await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: {} }), 409, 'invalid_state_transition');
  });
});
