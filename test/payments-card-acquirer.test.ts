import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { publishableKeyFor } from '../src/services/publishable-keys.js';
import { startFakeProvider, type FakeProvider, type FakeRequest } from './fake-provider.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';

/**
 * The real-acquirer seam (src/rails/card/provider-api.ts) against a local fake acquirer: mutual TLS, OAuth2
 * client credentials, the card API the seam documents. Live mode: test numbers are refused before any call.
 */
const WEBHOOK_SECRET = 'acquirer-webhook-secret';
const THREE_DS_NUMBER = '4012888888881881';
const DECLINED_NUMBER = '5105105105105100';

let fake: FakeProvider;
let t: TestApp;
const cardsSeen: string[] = [];
const charges = new Map<string, any>();

function acquirer(req: FakeRequest) {
  const now = new Date().toISOString();
  if (req.method === 'POST' && req.path === '/v1/cards') {
    cardsSeen.push(req.body.number);
    if (req.body.number === DECLINED_NUMBER) return { status: 402, body: { decline_code: 'insufficient_funds' } };
    return { status: 201, body: { id: req.body.number === THREE_DS_NUMBER ? 'card_3ds' : `card_${cardsSeen.length}`, funding: 'debit', country: 'br' } };
  }
  if (req.method === 'POST' && req.path === '/v1/charges') {
    const base = { reference: req.body.reference, request: req.body };
    const charge =
      req.body.card === 'card_3ds'
        ? { ...base, status: 'requires_action', next_action_url: `https://acs.example/challenge/${req.body.reference}` }
        : req.body.capture
          ? { ...base, status: 'captured', amount_captured: req.body.amount, fee: 100, captured_at: now }
          : { ...base, status: 'authorized' };
    charges.set(req.body.reference, charge);
    return { status: 201, body: charge };
  }
  const match = /^\/v1\/charges\/([^/]+)(?:\/(capture|void|refunds))?$/.exec(req.path);
  const charge = match && charges.get(match[1]!);
  if (!charge) return { status: 404, body: { title: 'Not found' } };
  if (match![2] === 'capture') Object.assign(charge, { status: 'captured', amount_captured: req.body.amount, fee: 50, captured_at: now });
  if (match![2] === 'void') charge.status = 'voided';
  if (match![2] === 'refunds') return { status: 201, body: { id: `rf_${req.body.reference}`, status: 'succeeded' } };
  return { status: 200, body: charge };
}

beforeAll(async () => {
  fake = await startFakeProvider(acquirer);
  t = await startTestApp({ cards: { ...loadConfig({}).cards, acquirerApi: fake.config({ webhookSecret: WEBHOOK_SECRET }) } });
  const set = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: { card: { provider: 'card_api', merchant_account: 'AFF-123' } } });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const card = (number: string) => ({ number, exp_month: 5, exp_year: 2032, cvc: '321' });

async function livePayment(number: string, terms: Record<string, unknown> = {}) {
  const token = await t.request('POST', '/v1/tokens', { token: t.merchant.live, body: { card: card(number) } });
  expect(token.status, JSON.stringify(token.body)).toBe(201);
  const order = (await t.request('POST', '/v1/orders', { token: t.merchant.live, body: orderBody() })).body;
  const res = await t.request('POST', `/v1/orders/${order.id}/payments`, { token: t.merchant.live, body: { method: 'card', token: token.body.id, ...terms } });
  return { order, token: token.body, res };
}

describe('a real card acquirer, live', () => {
  it('never sees a test card number: live mode refuses them first', async () => {
    const res = await t.request('POST', '/v1/tokens', { token: t.merchant.live, body: { card: card('4242424242424242') } });
    expectProblem(res, 400, 'validation_error');
    expect(cardsSeen).not.toContain('4242424242424242');
  });

  it('tokenizes at the acquirer (its funding and country kept) and charges at once', async () => {
    const { order, token, res } = await livePayment('4111111111111111');
    expect(token.card).toMatchObject({ brand: 'visa', last4: '1111', funding: 'debit', country: 'BR' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ livemode: true, provider: 'card_api', status: 'succeeded', amount_received: 29700, fee: 100 });
    const asked = charges.get(res.body.provider_reference).request;
    expect(asked).toMatchObject({ amount: 29700, currency: 'BRL', capture: true, installments: 1, merchant_account: 'AFF-123', merchant_initiated: false });
    expect(asked.callback_url).toMatch(/\/hooks\/card\/card_api\/mer_[0-9a-z]+\/live\/[\w-]+$/);
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: t.merchant.live })).body.status).toBe('paid');
    expect(fake.calls).toContain('POST /oauth/token');
  });

  it('authorises, captures part, and refunds', async () => {
    const { res } = await livePayment('4111111111111111', { capture_method: 'manual', installments: 6 });
    expect(res.body.status).toBe('requires_capture');
    expect(charges.get(res.body.provider_reference).request).toMatchObject({ capture: false, installments: 6 });
    const captured = await t.request('POST', `/v1/payments/${res.body.id}/capture`, { token: t.merchant.live, body: { amount: 20000 } });
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 20000, fee: 50 });
    const refund = await t.request('POST', '/v1/refunds', { token: t.merchant.live, body: { payment: res.body.id, amount: 5000 } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.status).toBe('succeeded');
    expect(fake.calls.some((c) => c.startsWith(`POST /v1/charges/${res.body.provider_reference}/refunds`))).toBe(true);
  });

  it('voids an authorisation', async () => {
    const { res } = await livePayment('4111111111111111', { capture_method: 'manual' });
    expect((await t.request('POST', `/v1/payments/${res.body.id}/cancel`, { token: t.merchant.live, body: {} })).body.status).toBe('canceled');
    expect(charges.get(res.body.provider_reference).status).toBe('voided');
  });

  it('tokenizes with the live publishable key, as a payment page does', async () => {
    const { key } = await publishableKeyFor(t.db, t.clock, t.merchant.merchantId, true);
    expect(key).toMatch(/^pk_live_/);
    const res = await t.request('POST', '/v1/tokens', { token: key, body: { card: card('2223003122003222') } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ livemode: true, card: { brand: 'mastercard', last4: '3222' } });
  });

  it("answers the acquirer's decline with its decline_code", async () => {
    const res = await t.request('POST', '/v1/tokens', { token: t.merchant.live, body: { card: card(DECLINED_NUMBER) } });
    expectProblem(res, 402, 'card_declined');
    expect(res.body.decline_code).toBe('insufficient_funds');
  });

  it("sends the payer to the acquirer's 3-D Secure page; its signed callback settles the payment", async () => {
    const { order, res } = await livePayment(THREE_DS_NUMBER);
    expect(res.body).toMatchObject({ status: 'requires_action', next_action: { type: 'redirect', url: `https://acs.example/challenge/${res.body.provider_reference}` } });
    const charge = charges.get(res.body.provider_reference);
    const callback = new URL(charge.request.callback_url);
    const body = { event: 'charge.captured', data: { reference: charge.reference, status: 'captured', amount_captured: 29700, fee: 100, captured_at: t.clock.now().toISOString() } };
    const forged = await t.request('POST', `${callback.pathname.replace(/[^/]+$/, 'not-the-token')}`, { token: null, body });
    expect(forged.status).toBe(200);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`, { token: t.merchant.live })).body.status).toBe('requires_action');
    const notified = await t.request('POST', callback.pathname, { token: null, body });
    expect(notified.status).toBe(200);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`, { token: t.merchant.live })).body.status).toBe('succeeded');
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: t.merchant.live })).body.status).toBe('paid');
  });
});
