import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay, newCustomer, paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { tokenize } from '../../../../test/payments-card.js';
import { decodeId } from '../../../domain/ids.js';

/**
 * The checkout result a Glomopay order's payer returns with: `payment_id, order_id, status, signature`
 * appended to its redirect_url once paid through the hosted checkout, over HTTP as a browser posts the page's
 * form. The merchant checks it as Glomopay's docs say, with its own HMAC and the secret key it holds.
 */
let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payorders-sealing-'));
  t = await startTestApp({ sealingKey: undefined, sealingKeyFile: join(dir, 'data', 'sealing.key') });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The merchant's check: lowercase hex HMAC-SHA256 of `order_id|payment_id|status` with its secret key, compared in constant time. */
function verifiedBy(secretKey: string, result: URLSearchParams): boolean {
  const expected = Buffer.from(createHmac('sha256', secretKey).update(`${result.get('order_id')}|${result.get('payment_id')}|${result.get('status')}`).digest('hex'));
  const sent = Buffer.from(result.get('signature') ?? '');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/** Pays a Glomopay order on its hosted checkout page with a card, as the page's form posts, and reads where its receipt returns the payer. */
async function payOnCheckout(checkoutUrl: string): Promise<URL | null> {
  const path = new URL(checkoutUrl).pathname;
  expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
  const token = await tokenize(t, '4242424242424242');
  const pay = await t.app.inject({ method: 'POST', url: `${path}/pay`, payload: `method=card&token=${token.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect([pay.statusCode, pay.headers.location]).toEqual([303, path]);
  const receipt = (await t.app.inject({ method: 'GET', url: path })).body;
  const back = /data-return-url="([^"]+)"/.exec(receipt)?.[1];
  return back ? new URL(back.replaceAll('&amp;', '&')) : null;
}

describe('Glomopay checkout result: {payment_id, order_id, status, signature} on the return to redirect_url', () => {
  it('returns the payer with the result, signed with the secret key the order was created with', async () => {
    const customer = await newCustomer(t);
    const created = await glomopay(t, 'POST', '/api/v1/orders', {
      body: { customer_id: customer.glomopayId, currency: 'USD', amount: 1500, payment_methods: ['card'], redirect_url: 'https://merchant.example/return?cart=7' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ redirect_url: 'https://merchant.example/return?cart=7', checkout_url: expect.stringMatching(/\/c\/[A-Za-z0-9_-]{22}$/) });
    const back = await payOnCheckout(created.body.checkout_url);
    expect(back?.origin + back!.pathname).toBe('https://merchant.example/return');
    const result = back!.searchParams;
    const payment = (await t.request('GET', `/v1/orders/ord_${created.body.id.slice(6)}/payments`)).body.data[0];
    expect(Object.fromEntries(result)).toEqual({
      cart: '7',
      payment_id: `payt_${payment.id.slice('pay_'.length)}`,
      order_id: created.body.id,
      status: 'success',
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(verifiedBy(t.merchant.token, result)).toBe(true);
    // A result altered on its way, or checked with another key, does not verify.
    for (const [name, value] of [['status', 'failed'], ['order_id', `${created.body.id.slice(0, -1)}0`], ['payment_id', 'payt_x']]) {
      const tampered = new URLSearchParams(result);
      tampered.set(name!, value!);
      expect(verifiedBy(t.merchant.token, tampered), name).toBe(false);
    }
    expect(verifiedBy(t.merchant.live, result)).toBe(false);
    expect((await glomopay(t, 'GET', `/api/v1/orders/${created.body.id}`)).body.status).toBe('paid');
  });

  it('keeps the secret key only sealed, under a key file made on first use that only its owner reads', async () => {
    const rows = await t.db.query<{ attributes: string }>("SELECT attributes::text AS attributes FROM face_orders WHERE face = 'glomopay'");
    expect(rows.length).toBeGreaterThan(0);
    const sealed = rows.map((r) => JSON.parse(r.attributes).sealed_key).filter(Boolean);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    for (const row of rows) expect(row.attributes).not.toContain(t.merchant.token);
    expect(statSync(join(dir, 'data', 'sealing.key')).mode & 0o777).toBe(0o600);
  });

  it('an order without redirect_url seals nothing and returns nowhere', async () => {
    const customer = await newCustomer(t);
    const created = await glomopay(t, 'POST', '/api/v1/orders', { body: { customer_id: customer.glomopayId, currency: 'USD', amount: 700, payment_methods: ['card'] } });
    expect(created.body.redirect_url).toBeNull();
    expect(await payOnCheckout(created.body.checkout_url)).toBeNull();
    const rows = await t.db.query<{ attributes: string }>("SELECT attributes::text AS attributes FROM face_orders WHERE face = 'glomopay'");
    expect(rows.filter((r) => JSON.parse(r.attributes).sealed_key)).toHaveLength(1);
  });

  it("the return's seam still gives a Paybyrd order its orderId and transactionId, and no Glomopay result", async () => {
    const created = await paybyrd(t, 'POST', '/api/v2/orders', { body: { isoAmount: 990, currency: 'USD', orderRef: 'PB-R', orderOptions: { redirectUrl: 'https://merchant.example/pb?x=1' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const back = await payOnCheckout(created.body.checkoutUrl);
    const payment = (await t.request('GET', `/v1/orders/${v1OrderId(created.body.orderId)}/payments`)).body.data[0];
    expect(Object.fromEntries(back!.searchParams)).toEqual({ x: '1', orderId: created.body.orderId, transactionId: decodeId('payment', payment.id) });
  });
});
