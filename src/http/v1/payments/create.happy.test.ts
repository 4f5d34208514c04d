import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrCode } from '../../../rails/pix/br-code.js';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { eventTypes, getOrder, orderWithPayment } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id/payments', () => {
  it('starts a Pix payment of the whole amount on the sandbox, with a dynamic BR Code, its QR URLs and txid', async () => {
    const { order, payment } = await orderWithPayment(t, { payment_methods: ['pix'] });
    expect(payment).toMatchObject({
      object: 'payment',
      livemode: false,
      order: order.id,
      method: 'pix',
      provider: 'sandbox',
      status: 'pending',
      amount: 29700,
      currency: 'BRL',
      amount_received: 0,
      fee: 0,
      late: false,
      failure_code: null,
      expires_at: order.expires_at,
      succeeded_at: null,
    });
    expect(payment.id).toMatch(/^pay_[0-9a-z]{26}$/);
    const { instructions } = payment;
    expect(instructions).toMatchObject({
      type: 'pix',
      txid: payment.provider_reference,
      qr_png_url: `http://127.0.0.1:3000/v1/payments/${payment.id}/qr.png`,
      qr_svg_url: `http://127.0.0.1:3000/v1/payments/${payment.id}/qr.svg`,
      expires_at: order.expires_at,
    });
    expect(instructions.txid).toMatch(/^[0-9a-f]{32}$/);
    expect(parseBrCode(instructions.emv)).toMatchObject({
      kind: 'dynamic',
      location: `pix.sandbox.payorders.invalid/v2/cob/${instructions.txid}`,
      amount: 29700,
      merchantName: 'Payorders Sandbox',
      merchantCity: 'Sao Paulo',
    });
    expect(payment.provider_metadata).toEqual({ txid: instructions.txid });

    const after = await getOrder(t, order.id);
    expect(after).toMatchObject({ status: 'open', amount_paid: 0, amount_due: 29700, amount_overpaid: 0, payments: [payment.id] });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created']);
    const event = (await t.request('GET', `/v1/events?object=${payment.id}`)).body.data[0];
    expect(event.data.object).toEqual(payment);
    expect(event.actor.type).toBe('api_key');
  });

  it('asks for what is still due after a partial payment, and caps the charge at a day', async () => {
    const far = new Date(t.clock.now().getTime() + 5 * 86_400_000).toISOString();
    const { order, payment } = await orderWithPayment(t, { expires_at: far });
    expect(payment.expires_at).toBe(new Date(t.clock.now().getTime() + 86_400_000).toISOString());
    await t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`, { body: { amount: 10000 } });
    const second = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    expect(second.status).toBe(201);
    expect(second.body.amount).toBe(19700);
    expect((await getOrder(t, order.id)).payments).toEqual([payment.id, second.body.id]);
  });

  it('serves the QR code as PNG and SVG', async () => {
    const { payment } = await orderWithPayment(t);
    const png = await t.app.inject({ method: 'GET', url: `/v1/payments/${payment.id}/qr.png`, headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const svg = await t.request('GET', `/v1/payments/${payment.id}/qr.svg`);
    expect(svg.status).toBe(200);
    expect(String(svg.headers['content-type'])).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg/);
  });

  it('replays a retried create with the same Idempotency-Key: one payment', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    const headers = { 'idempotency-key': `pay-${order.body.id}` };
    const first = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' }, headers });
    const retry = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' }, headers });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await getOrder(t, order.body.id)).payments).toEqual([first.body.id]);
  });
});
