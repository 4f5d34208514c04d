import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { parseArQr } from '../../../rails/ar-transfer-qr/payload.js';
import { parseBrCode } from '../../../rails/pix/br-code.js';
import { isTronAddress } from '../../../rails/usdt-trc20/address.js';
import { icApp, ISO_8601, newOrder, seedBodies, UUID } from '../fixture.js';

const { t, ic } = await icApp();
const JSON_TYPE = { 'content-type': 'application/json' };

/** Every field IC's order carries, by type, for every order (walletAddress and network only for USDT). */
function expectOrderShape(order: Record<string, unknown>) {
  expect(order.id).toMatch(UUID);
  for (const field of ['amount', 'paymentAmount', 'totalAmount', 'pendingAmount']) expect(order[field], field).toMatch(/^\d+\.\d+$/);
  for (const field of ['currency', 'status', 'qrData', 'exchangeRate']) expect(typeof order[field], field).toBe('string');
  for (const field of ['expiresAt', 'createdAt', 'updatedAt']) expect(order[field], field).toMatch(ISO_8601);
  expect(order).not.toHaveProperty('providerMetadata');
}

describe('POST /api/v1/payment/order (IC)', () => {
  it("takes the guide's BRL example byte for byte: 201, a USD order paid by Pix in BRL at the quote, qrData a valid BR Code", async () => {
    const [brl] = seedBodies();
    expect(brl).toContain('"amount": "200.00"');
    const res = await ic('POST', '/api/v1/payment/order', { body: brl, headers: JSON_TYPE });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectOrderShape(res.body);
    // 200.00 USD × 5.4321 = 1086.42 BRL, and the BR Code asks for exactly that.
    expect(res.body).toMatchObject({ amount: '200.00', currency: 'BRL', status: 'pending', paymentAmount: '1086.42', exchangeRate: '5.4321', totalAmount: '0.00', pendingAmount: '200.00' });
    expect(Object.keys(res.body)).toEqual(['id', 'amount', 'currency', 'status', 'qrData', 'paymentAmount', 'exchangeRate', 'totalAmount', 'pendingAmount', 'expiresAt', 'createdAt', 'updatedAt']);
    const code = parseBrCode(res.body.qrData);
    expect(code).toMatchObject({ amount: 108642 });
    // The same order in /v1: USD 200.00, taking Pix only, with one payment in BRL.
    const v1 = await t.request('GET', `/v1/orders/${encodeId('order', res.body.id)}`);
    expect(v1.body).toMatchObject({ amount: 20000, currency: 'USD', status: 'open', payment_methods: ['pix'] });
    const payment = await t.request('GET', `/v1/payments/${v1.body.payments[0]}`);
    expect(payment.body).toMatchObject({ method: 'pix', currency: 'BRL', amount: 108642, quote: { order_amount: 20000, rate_applied: '5.4321' } });
    expect(payment.body.instructions.emv).toBe(res.body.qrData);
  });

  it("takes the guide's USDT example byte for byte: the Tron deposit address and the exact USDT to send", async () => {
    const usdt = seedBodies()[2]!;
    const res = await ic('POST', '/api/v1/payment/order', { body: usdt, headers: JSON_TYPE });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectOrderShape(res.body);
    // 500.00 × 1.0002 = 500.100000 USDT, six decimals.
    expect(res.body).toMatchObject({ amount: '500.00', currency: 'USDT', status: 'pending', paymentAmount: '500.100000', network: 'TRC20' });
    expect(isTronAddress(res.body.walletAddress)).toBe(true);
    expect(res.body.qrData).toBe(res.body.walletAddress);
  });

  it("answers the guide's ARS example as IC's JSON parser would (its trailing comma is not JSON), and the same body without it with a valid transfer QR", async () => {
    const ars = seedBodies()[1]!;
    expect(ars).toMatch(/,\s*}$/);
    const refused = await ic('POST', '/api/v1/payment/order', { body: ars, headers: JSON_TYPE });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const res = await ic('POST', '/api/v1/payment/order', { body: ars.replace(/,(\s*})$/, '$1'), headers: JSON_TYPE });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectOrderShape(res.body);
    // 150.00 × 1050.25 = 157537.50 ARS
    expect(res.body).toMatchObject({ amount: '150.00', currency: 'ARS', paymentAmount: '157537.50', exchangeRate: '1050.25' });
    const qr = parseArQr(res.body.qrData);
    expect(qr).toMatchObject({ singleUse: true, amount: 15753750 });
    expect(res.body.qrData).toContain('5303032');
  });

  it('replays a retry with the same Idempotency-Key: one order, one payment', async () => {
    const headers = { 'idempotency-key': 'ic-retry-1' };
    const first = await ic('POST', '/api/v1/payment/order', { body: { amount: '10.00', currency: 'BRL' }, headers });
    const again = await ic('POST', '/api/v1/payment/order', { body: { amount: '10.00', currency: 'BRL' }, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const v1 = await t.request('GET', `/v1/orders/${encodeId('order', first.body.id)}`);
    expect(v1.body.payments).toHaveLength(1);
  });

  it('answers two concurrent requests with one Idempotency-Key with one order', async () => {
    const before = (await t.request('GET', '/v1/orders?limit=100')).body.data.length;
    const send = () => ic('POST', '/api/v1/payment/order', { body: { amount: '7.00', currency: 'USDT' }, headers: { 'idempotency-key': 'ic-concurrent' } });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect((await t.request('GET', '/v1/orders?limit=100')).body.data).toHaveLength(before + 1);
  });

  it('ignores fields IC does not document, as a lenient JSON binder does', async () => {
    const order = await newOrder(ic, 'BRL', '1.50');
    expect(order.amount).toBe('1.50');
    const res = await ic('POST', '/api/v1/payment/order', { body: { amount: '1.50', currency: 'BRL', description: 'extra', callbackUrl: 'https://example.com' } });
    expect(res.status).toBe(201);
  });
});
