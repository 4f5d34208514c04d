import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBarcode, parseDigitableLine } from '../src/rails/boleto/barcode.js';
import { readFreeField } from '../src/rails/boleto/boleto.js';
import { expectProblem, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, getOrder, orderWithPayment, pay } from './payments.js';

/** Boleto payments through /v1 on the sandbox: the slip's numbers, its PDF, and money that is credited a day later. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('a boleto payment', () => {
  it('is issued with a 44-digit barcode and 47-digit line that read back, due on the order\'s expiry day in Brasília, numbered in sequence', async () => {
    const { order, payment } = await orderWithPayment(t, {}, { method: 'boleto' });
    expect(payment).toMatchObject({ method: 'boleto', provider: 'sandbox', status: 'pending', amount: 29700, expires_at: order.expires_at });
    const { instructions } = payment;
    expect(instructions).toMatchObject({
      type: 'boleto',
      due_date: '2026-11-24',
      bank_code: '001',
      our_number: '0000000001',
      pdf_url: `http://127.0.0.1:3000/v1/payments/${payment.id}/boleto.pdf`,
    });
    expect(instructions.barcode).toMatch(/^\d{44}$/);
    expect(instructions.digitable_line).toMatch(/^\d{47}$/);
    const parsed = parseBarcode(instructions.barcode, '2026-11-23');
    expect(parsed).toMatchObject({ bankCode: '001', amount: 29700, dueDate: '2026-11-24' });
    expect(parseDigitableLine(instructions.digitable_line, '2026-11-23')).toEqual(parsed);
    expect(readFreeField(parsed)).toMatchObject({ agreement: '1234567', ourNumber: '0000000001', wallet: '17' });
    expect(payment.provider_reference).toBe('0000000001');
    expect(payment.provider_metadata).toEqual({ our_number: '12345670000000001' });

    const next = await orderWithPayment(t, {}, { method: 'boleto' });
    expect(next.payment.instructions.our_number).toBe('0000000002');
  });

  it('serves its PDF', async () => {
    const { payment } = await orderWithPayment(t, {}, { method: 'boleto' });
    const res = await t.app.inject({ method: 'GET', url: `/v1/payments/${payment.id}/boleto.pdf`, headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const again = await t.app.inject({ method: 'GET', url: `/v1/payments/${payment.id}/boleto.pdf`, headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    expectProblem(await t.request('GET', `/v1/payments/${payment.id}/qr.png`), 404, 'resource_missing');
  });

  it('paid: the merchant\'s money is pending until the next day, when the release job makes it available', async () => {
    const m = await t.newMerchant();
    const { order, payment } = await orderWithPayment(t, {}, { method: 'boleto', token: m.token });
    const paid = await pay(t, payment.id, undefined, m.token);
    expect(paid).toMatchObject({ status: 'succeeded', fee: 349, amount_received: 29700 });
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: m.token })).body.status).toBe('paid');
    const balance = async () => (await t.request('GET', '/v1/balance', { token: m.token })).body;
    expect(await balance()).toMatchObject({ pending: [{ currency: 'BRL', amount: 29351 }], available: [{ currency: 'BRL', amount: 0 }] });
    const txn = (await t.request('GET', '/v1/balance_transactions', { token: m.token })).body.data[0];
    expect(txn).toMatchObject({ amount: 29700, fee: 349, net: 29351, status: 'pending', available_on: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });

    t.clock.advance(86_400_000 - 1000);
    await runExpiry(t);
    expect((await balance()).pending).toEqual([{ currency: 'BRL', amount: 29351 }]);
    t.clock.advance(1000);
    await runExpiry(t);
    expect(await balance()).toMatchObject({ pending: [{ currency: 'BRL', amount: 0 }], available: [{ currency: 'BRL', amount: 29351 }] });
    expect((await t.request('GET', '/v1/balance_transactions?status=available', { token: m.token })).body.data).toHaveLength(1);
    await runExpiry(t);
    expect((await balance()).available).toEqual([{ currency: 'BRL', amount: 29351 }]);
  });

  it('paid in part by boleto and the rest by Pix', async () => {
    const { order, payment } = await orderWithPayment(t, {}, { method: 'boleto' });
    await pay(t, payment.id, 20000);
    const pix = await t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    expect(pix.body.amount).toBe(9700);
    await pay(t, pix.body.id);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'paid', amount_paid: 29700 });
    expect(await eventTypes(t, order.id)).toEqual(['order.created', 'order.partially_paid', 'order.paid']);
  });

  it('a boleto agreement the bank\'s layout cannot take is refused in settings, naming the field', async () => {
    const body = (fields: Record<string, unknown>) => ({
      boleto: { bank_code: '001', agency: '1234', account: '12345678', wallet: '17', agreement: '1234567', beneficiary_name: 'Loja', beneficiary_tax_id: '11222333000181', ...fields },
    });
    for (const [fields, path] of [
      [{ bank_code: '999' }, '/boleto/bank_code'],
      [{ agreement: '0123456' }, '/boleto/agreement'],
      [{ beneficiary_tax_id: '11222333000180' }, '/boleto/beneficiary_tax_id'],
    ] as const) {
      const res = await t.request('POST', '/v1/settings/payments', { body: body(fields) });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0].path).toBe(path);
    }
    const itau = await t.request('POST', '/v1/settings/payments', { body: body({ bank_code: '341', agency: '0057', account: '12345', wallet: '109', agreement: null }) });
    expect(itau.status, JSON.stringify(itau.body)).toBe(200);
    const { payment } = await orderWithPayment(t, {}, { method: 'boleto' });
    expect(payment.instructions.barcode.slice(0, 3)).toBe('341');
  });
});
