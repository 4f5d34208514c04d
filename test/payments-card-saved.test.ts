import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { getOrder } from './payments.js';
import { answerChallenge, payByCard } from './payments-card.js';
import { runExpiry } from './jobs.js';

let t: TestApp;
let customer: string;
beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
  customer = (await t.request('POST', '/v1/customers', { body: { name: 'Fulana de Tal', email: 'fulana@example.com' } })).body.id;
});
afterAll(() => t.close());

async function payWithSaved(paymentMethod: string, extra: Record<string, unknown> = {}, token = t.merchant.token) {
  const order = (await t.request('POST', '/v1/orders', { token, body: orderBody({ customer }) })).body;
  return t.request('POST', `/v1/orders/${order.id}/payments`, { token, body: { method: 'card', payment_method: paymentMethod, ...extra } });
}

describe('saved cards', () => {
  it("save with a payment, list by the order's customer, and pay again merchant-initiated without 3-D Secure", async () => {
    const { res } = await payByCard(t, '4242424242424242', { save_payment_method: 'off_session' }, { customer });
    expect(res.body.status).toBe('succeeded');
    const pm = res.body.provider_metadata.payment_method;
    expect(pm).toMatch(/^pm_/);
    const listed = await t.request('GET', `/v1/payment_methods?customer=${customer}`);
    expect(listed.body.data.map((p: { id: string }) => p.id)).toContain(pm);
    const saved = await t.request('GET', `/v1/payment_methods/${pm}`);
    expect(saved.body).toMatchObject({ object: 'payment_method', type: 'card', customer, usage: 'off_session', card: { brand: 'visa', last4: '4242', fingerprint: res.body.provider_metadata.card.fingerprint } });
    const again = await payWithSaved(pm, { merchant_initiated: true });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ status: 'succeeded', provider_metadata: { payment_method: pm, merchant_initiated: true, card: { last4: '4242' } } });
    // A saved card pays as often as it is asked: it is no single-use token.
    expect((await payWithSaved(pm)).body.status).toBe('succeeded');
  });

  it('are listed by reference (Paybyrd customReference), newest first, with a cursor', async () => {
    const first = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'sub-77' })).res.body.provider_metadata.payment_method;
    const second = (await payByCard(t, '5555555555554444', { save_payment_method: 'on_session', payment_method_reference: 'sub-77' })).res.body.provider_metadata.payment_method;
    const page = await t.request('GET', '/v1/payment_methods?reference=sub-77&limit=1');
    expect(page.body).toMatchObject({ object: 'list', has_more: true, data: [{ id: second, reference: 'sub-77' }] });
    const next = await t.request('GET', `/v1/payment_methods?reference=sub-77&limit=1&starting_after=${second}`);
    expect(next.body).toMatchObject({ has_more: false, data: [{ id: first }] });
    expectProblem(await t.request('GET', '/v1/payment_methods'), 400, 'validation_error');
    expectProblem(await t.request('GET', `/v1/payment_methods?reference=sub-77&customer=${customer}`), 400, 'validation_error');
  });

  it('that demand 3-D Secure still do, merchant-initiated or not', async () => {
    const { res } = await payByCard(t, '4000000000003220', { save_payment_method: 'off_session' }, { customer });
    expect(res.body.status).toBe('requires_action');
    await answerChallenge(t, res.body.next_action.url, 'pass');
    const pm = (await t.request('GET', `/v1/payments/${res.body.id}`)).body.provider_metadata.payment_method;
    const again = await payWithSaved(pm, { merchant_initiated: true });
    expect(again.body.status).toBe('requires_action');
  });

  it('are saved only once the 3-D Secure challenge passes: not when it fails or expires unanswered', async () => {
    const failed = (await payByCard(t, '4000000000003220', { save_payment_method: 'on_session', payment_method_reference: 'failed-3ds' }, { expires_at: undefined })).res.body;
    expect((await answerChallenge(t, failed.next_action.url, 'fail')).status).toBe(200);
    const unanswered = (await payByCard(t, '4000000000003220', { save_payment_method: 'on_session', payment_method_reference: 'failed-3ds' }, { expires_at: undefined })).res.body;
    t.clock.advance(t.services.config.cards.challengeLifetimeMs);
    await runExpiry(t);
    for (const [payment, status] of [[failed, 'failed'], [unanswered, 'expired']] as const) {
      const after = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
      expect(after).toMatchObject({ status });
      expect(after.provider_metadata.payment_method).toBeNull();
    }
    expect((await t.request('GET', '/v1/payment_methods?reference=failed-3ds')).body.data).toEqual([]);
    const rows = await t.db.query(`SELECT 1 FROM payment_methods WHERE merchant_id = $1 AND reference = 'failed-3ds'`, [t.merchant.merchantId]);
    expect(rows).toEqual([]);
  });

  it('are not saved when the card is declined', async () => {
    const { res } = await payByCard(t, '4000000000009995', { save_payment_method: 'on_session', payment_method_reference: 'declined-ref' });
    expect(res.status).toBe(402);
    expect((await t.request('GET', '/v1/payment_methods?reference=declined-ref')).body.data).toEqual([]);
  });

  it('are deleted: no longer listed, retrieved or able to pay', async () => {
    const pm = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'gone' })).res.body.provider_metadata.payment_method;
    const deleted = await t.request('DELETE', `/v1/payment_methods/${pm}`);
    expect(deleted.status).toBe(200);
    expectProblem(await t.request('GET', `/v1/payment_methods/${pm}`), 404, 'resource_missing');
    expectProblem(await t.request('DELETE', `/v1/payment_methods/${pm}`), 404, 'resource_missing');
    expectProblem(await payWithSaved(pm), 404, 'resource_missing');
    expect((await t.request('GET', '/v1/payment_methods?reference=gone')).body.data).toEqual([]);
  });

  it("are another merchant's and the other mode's 404", async () => {
    const pm = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'mine' })).res.body.provider_metadata.payment_method;
    const other = await t.newMerchant();
    expectProblem(await t.request('GET', `/v1/payment_methods/${pm}`, { token: other.token }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/payment_methods/${pm}`, { token: t.merchant.live }), 404, 'resource_missing');
    expectProblem(await t.request('DELETE', `/v1/payment_methods/${pm}`, { token: other.token }), 404, 'resource_missing');
    expect((await t.request('GET', '/v1/payment_methods?reference=mine', { token: other.token })).body.data).toEqual([]);
  });

  it('are for merchant-wide callers: store and branch users get 403', async () => {
    const pm = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'roles' })).res.body.provider_metadata.payment_method;
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    expect((await t.request('GET', `/v1/payment_methods/${pm}`, { token: owner!.token })).status).toBe(200);
    for (const user of [storeUser!, branchUser!]) {
      expectProblem(await t.request('GET', `/v1/payment_methods/${pm}`, { token: user.token }), 403, 'forbidden');
      expectProblem(await t.request('GET', '/v1/payment_methods?reference=roles', { token: user.token }), 403, 'forbidden');
      expectProblem(await t.request('DELETE', `/v1/payment_methods/${pm}`, { token: user.token }), 403, 'forbidden');
    }
  });

  it('refuse merchant_initiated with a token, and save_payment_method with a saved card', async () => {
    const { res } = await payByCard(t, '4242424242424242', { merchant_initiated: true });
    expect(res.body.errors[0]).toMatchObject({ path: '/merchant_initiated', code: 'requires_payment_method' });
    const pm = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'twice' })).res.body.provider_metadata.payment_method;
    expect((await payWithSaved(pm, { save_payment_method: 'on_session' })).body.errors[0]).toMatchObject({ path: '/save_payment_method', code: 'already_saved' });
  });
});

describe('a charge that is not recorded', () => {
  it('is refunded at the acquirer: two requests with one Idempotency-Key charge twice, one is replayed and its charge given back', async () => {
    const saving = (await payByCard(t, '4242424242424242', { save_payment_method: 'on_session', payment_method_reference: 'twice-at-once' })).res.body;
    const pm = saving.provider_metadata.payment_method;
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    const send = () => t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', payment_method: pm }, headers: { 'idempotency-key': `both-${order.id}` } });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.body).toEqual(b.body);
    expect(a.body.status).toBe('succeeded');
    const charges = await t.db.query<{ reference: string; amount_captured: number; amount_refunded: number }>(
      `SELECT c.reference, c.amount_captured::int AS amount_captured, c.amount_refunded::int AS amount_refunded FROM sandbox_card_charges c
       WHERE c.merchant_id = $1 AND c.card_reference = (SELECT card_reference FROM sandbox_card_charges WHERE merchant_id = $1 AND reference = $2)`,
      [t.merchant.merchantId, saving.provider_reference],
    );
    const kept = charges.filter((c) => c.reference === a.body.provider_reference);
    const given = charges.filter((c) => c.reference !== a.body.provider_reference && c.reference !== saving.provider_reference);
    expect(kept).toEqual([expect.objectContaining({ amount_captured: 29700, amount_refunded: 0 })]);
    // The second request charged too only if it ran its provider call before the first was recorded.
    expect(given.length).toBeLessThanOrEqual(1);
    for (const c of given) expect(c).toMatchObject({ amount_captured: 29700, amount_refunded: 29700 });
  });
});

describe('max attempts', () => {
  it("count declined card payments: at the merchant's limit (5) the order fails", async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    for (let i = 1; i <= 5; i++) {
      const token = (await t.request('POST', '/v1/tokens', { body: { card: { number: '4000000000000002', exp_month: 1, exp_year: 2031, cvc: '000' } } })).body;
      const res = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: token.id } });
      expectProblem(res, 402, 'card_declined');
      expect((await getOrder(t, order.id)).status).toBe(i < 5 ? 'open' : 'failed');
    }
    const token = (await t.request('POST', '/v1/tokens', { body: { card: { number: '4242424242424242', exp_month: 1, exp_year: 2031, cvc: '000' } } })).body;
    expectProblem(await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'card', token: token.id } }), 409, 'order_not_payable');
  });
});

describe('refunds of card payments', () => {
  it('go back through the sandbox acquirer, in parts up to what was captured', async () => {
    const { order, res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' });
    await t.request('POST', `/v1/payments/${res.body.id}/capture`, { body: { amount: 20000 } });
    const part = await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 5000 } });
    expect(part.status, JSON.stringify(part.body)).toBe(201);
    expect(part.body.status).toBe('succeeded');
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 15001 } }), 409, 'refund_exceeds_remaining');
    expect((await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 15000 } })).body.status).toBe('succeeded');
    expect((await getOrder(t, order.id)).status).toBe('refunded');
  });
});
