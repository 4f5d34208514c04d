import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { payByCard } from '../../../../test/payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/payments/{id}', () => {
  it('shows amount_refunded, what its succeeded refunds sent back, and refunded once all it received went back', async () => {
    const { res } = await payByCard(t, '4242424242424242');
    const get = async () => (await t.request('GET', `/v1/payments/${res.body.id}`)).body;
    expect(await get()).toMatchObject({ status: 'succeeded', amount_received: 29700, amount_refunded: 0, refunded: false });
    expect((await t.request('POST', '/v1/refunds', { body: { payment: res.body.id, amount: 9700 } })).body.status).toBe('succeeded');
    expect(await get()).toMatchObject({ status: 'succeeded', amount_refunded: 9700, refunded: false });
    expect((await t.request('POST', '/v1/refunds', { body: { payment: res.body.id } })).body.status).toBe('succeeded');
    expect(await get()).toMatchObject({ amount_refunded: 29700, refunded: true });
  });

  it('counts no refund that has not succeeded: a payment with none, or with a pending one, shows 0', async () => {
    const { res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' });
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ status: 'requires_capture', amount_refunded: 0, refunded: false });
    // A refund is recorded pending before the acquirer is asked; only its success counts.
    await t.db.query(
      `INSERT INTO refunds (merchant_id, refund_id, livemode, payment_id, order_id, method, provider, status, amount, currency, metadata, reference, provider_metadata, provider_data, created_at, updated_at)
       SELECT merchant_id, gen_random_uuid(), livemode, payment_id, order_id, method, provider, 'pending', 100, currency, '{}', 'r-pending', '{}', '{}', created_at, created_at
       FROM payments WHERE provider_reference = $1`,
      [res.body.provider_reference],
    );
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ amount_refunded: 0, refunded: false });
  });
});
