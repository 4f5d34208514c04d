import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { encodeId } from '../src/domain/ids.js';
import { cbuOf } from '../src/rails/ar-transfer-qr/cbu.js';
import { buildArQr, parseArQr } from '../src/rails/ar-transfer-qr/payload.js';
import { AR_PSP_SIGNATURE_HEADER } from '../src/rails/ar-transfer-qr/provider-api.js';
import { decodeQr, gridFromPng, gridFromSvg, readPng } from '../src/rails/pix/qr-reader.test-helper.js';
import { hmacSha256Hex } from '../src/rails/signature.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes, orderWithPayment, pay } from './payments.js';

/** The Argentine transfer QR through /v1: the sandbox on the inbound notification path, and a PSP's API served on loopback. */

const CBU = '2850590940090418135201';
const arsOrder = (overrides: Record<string, unknown> = {}) => ({ amount: 1500000, currency: 'ARS', ...overrides });

describe('ar_transfer_qr on the sandbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a payment of an ARS order: a single-use EMV payload with ARS, AR, the amount, the CBU/CVU and the reference; QR images that decode to it', async () => {
    const { order, payment } = await orderWithPayment(t, arsOrder(), { method: 'ar_transfer_qr' });
    expect(payment).toMatchObject({ method: 'ar_transfer_qr', provider: 'sandbox', status: 'pending', amount: 1500000, currency: 'ARS', quote: null });
    const { instructions } = payment;
    expect(instructions).toMatchObject({
      type: 'ar_transfer_qr',
      qr_png_url: `http://127.0.0.1:3000/v1/payments/${payment.id}/qr.png`,
      qr_svg_url: `http://127.0.0.1:3000/v1/payments/${payment.id}/qr.svg`,
      account_kind: 'cvu',
      reference: payment.provider_reference,
      expires_at: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(instructions.reference).toMatch(/^PO[A-Z0-9]{18}$/);
    expect(parseArQr(instructions.emv)).toEqual({
      singleUse: true,
      schemeGui: 'ar.payorders.sandbox',
      account: { kind: 'cvu', value: instructions.cbu },
      cuit: null,
      merchantCategoryCode: '0000',
      amount: 1500000,
      merchantName: 'Payorders Sandbox',
      merchantCity: 'Buenos Aires',
      reference: instructions.reference,
    });
    expect(instructions.emv).toContain('5303032');
    expect(instructions.emv).toContain('540815000.00');
    expect(instructions.emv).toContain('5802AR');

    const png = await t.app.inject({ method: 'GET', url: `/v1/payments/${payment.id}/qr.png`, headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect(png.headers['content-type']).toBe('image/png');
    expect(decodeQr(gridFromPng(readPng(png.rawPayload))).text).toBe(instructions.emv);
    const svg = await t.request('GET', `/v1/payments/${payment.id}/qr.svg`);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(decodeQr(gridFromSvg(svg.body as unknown as string).grid).text).toBe(instructions.emv);
    // A Pix document route still serves Pix; a boleto PDF is not an AR QR's.
    expectProblem(await t.request('GET', `/v1/payments/${payment.id}/boleto.pdf`), 404, 'resource_missing');

    const paid = await pay(t, payment.id);
    // 0.8% of ARS 15,000.00 = 120.00
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 1500000, fee: 12000, late: false });
    expect(paid.provider_metadata.transfer_id).toMatch(/^SBXTRF[A-Z0-9]{16}$/);
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'paid', amount_paid: 1500000 });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.succeeded']);
    expect((await t.request('GET', '/v1/balance')).body.available).toEqual(expect.arrayContaining([{ currency: 'ARS', amount: 1488000 }]));
  });

  it('rails take their currency: a BRL order is not an AR QR, an ARS order not Pix', async () => {
    const brl = (await t.request('POST', '/v1/orders', { body: orderBody() })).body;
    expectProblem(await t.request('POST', `/v1/orders/${brl.id}/payments`, { body: { method: 'ar_transfer_qr' } }), 400, 'payment_method_not_allowed');
    const ars = (await t.request('POST', '/v1/orders', { body: orderBody(arsOrder()) })).body;
    expectProblem(await t.request('POST', `/v1/orders/${ars.id}/payments`, { body: { method: 'pix' } }), 400, 'payment_method_not_allowed');
  });

  it('a USD order paid by AR QR in ARS at a locked quote', async () => {
    const m = await t.newMerchant();
    await t.request('PUT', '/v1/fx/rates', { token: m.token, body: { rates: [{ base: 'USD', quote: 'ARS', rate: '1187.25' }] } });
    const order = (await t.request('POST', '/v1/orders', { token: m.token, body: orderBody({ amount: 4999, currency: 'USD' }) })).body;
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { token: m.token, body: { method: 'ar_transfer_qr', currency: 'ARS' } })).body;
    // 49.99 × 1187.25 = 59350.6275 → ARS 59,350.63
    expect(payment).toMatchObject({ amount: 5935063, currency: 'ARS', quote: { order_amount: 4999, rate: '1187.25' } });
    expect(parseArQr(payment.instructions.emv).amount).toBe(5935063);
    await pay(t, payment.id, undefined, m.token);
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: m.token })).body).toMatchObject({ status: 'paid', amount_paid: 4999, currency: 'USD' });
  });

  it('the merchant sets its CBU/CVU, both check digits checked, errors naming the field', async () => {
    const m = await t.newMerchant();
    const set = await t.request('POST', '/v1/settings/payments', {
      token: m.token,
      body: { ar_transfer_qr: { cbu: '2850-5909-4009-0418-1352-01', cuit: '33-69723504-9', merchant_name: 'Librería Ñandú', merchant_city: 'Mendoza', merchant_category_code: '5942' } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.ar_transfer_qr).toEqual({ provider: 'sandbox', cbu: CBU, cuit: '33697235049', merchant_name: 'Librería Ñandú', merchant_city: 'Mendoza', merchant_category_code: '5942' });
    const { payment } = await orderWithPayment(t, arsOrder(), { method: 'ar_transfer_qr', token: m.token });
    expect(parseArQr(payment.instructions.emv)).toMatchObject({ account: { kind: 'cbu', value: CBU }, cuit: '33697235049', merchantName: 'Libreria Nandu', merchantCity: 'Mendoza', merchantCategoryCode: '5942' });
    expect(payment.instructions).toMatchObject({ cbu: CBU, account_kind: 'cbu' });

    const base = { cbu: CBU, merchant_name: 'Kiosco', merchant_city: 'Rosario' };
    for (const [account, path, code] of [
      [{ cbu: '2850590940090418135202' }, '/ar_transfer_qr/cbu', 'check_digit_mismatch'],
      [{ cbu: '2850590840090418135201' }, '/ar_transfer_qr/cbu', 'check_digit_mismatch'],
      [{ cbu: '12345' }, '/ar_transfer_qr/cbu', 'invalid_format'],
      [{ cuit: '20172543598' }, '/ar_transfer_qr/cuit', 'check_digit_mismatch'],
      [{ merchant_city: 'Ciudad Autónoma de Buenos Aires' }, '/ar_transfer_qr/merchant_city', 'too_long'],
    ] as const) {
      const res = await t.request('POST', '/v1/settings/payments', { token: m.token, body: { ar_transfer_qr: { ...base, ...account } } });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors, JSON.stringify(account)).toEqual([expect.objectContaining({ path, code })]);
    }
    // The failed updates changed nothing.
    expect((await t.request('GET', '/v1/settings/payments', { token: m.token })).body.ar_transfer_qr.cuit).toBe('33697235049');
  });

  it('a sandbox notification with a bad signature moves no money; a late payment after expiry is recorded', async () => {
    const { payment } = await orderWithPayment(t, arsOrder({ expires_at: new Date(t.clock.now().getTime() + 600_000).toISOString() }), { method: 'ar_transfer_qr' });
    const forged = JSON.stringify({
      id: 'x',
      type: 'charge.paid',
      merchant: encodeId('merchant', t.merchant.merchantId),
      created: Math.floor(t.clock.now().getTime() / 1000),
      data: { method: 'ar_transfer_qr', reference: payment.provider_reference, amount: 1500000, fee: 0, transfer_id: 'FORGED', paid_at: t.clock.now().toISOString(), payer: null },
    });
    const hook = await t.app.inject({ method: 'POST', url: '/hooks/ar_transfer_qr/sandbox', payload: forged, headers: { 'content-type': 'application/json', 'payorders-sandbox-signature': 't=1,v1=00' } });
    expect(hook.statusCode).toBeLessThan(300);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ status: 'pending', amount_received: 0 });
    t.clock.advance(601_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('expired');
    expect(await pay(t, payment.id)).toMatchObject({ status: 'succeeded', late: true });
  });
});

/** A PSP issuing transfer QRs, its orders in memory. */
function fakePsp(schemeGui: string) {
  const orders = new Map<string, { reference: string; status: string; amount: string; qr_payload: string; transfer?: Record<string, unknown> }>();
  const refunds = new Map<string, { reference: string; status: string; transfer_id: string; reason?: string; to: Record<string, string> }>();
  const calls: string[] = [];
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text;
  };
  const server: Server = createServer(async (req, res) => {
    const text = await read(req);
    calls.push(`${req.method} ${req.url} ${req.headers['idempotency-key'] ?? ''}`);
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== 'Bearer psp-key') return send(401, { message: 'unauthorized' });
    if (req.method === 'POST' && req.url === '/v1/transfer-qr/orders') {
      const input = JSON.parse(text);
      if (input.amount === '999.99') return send(422, { message: 'amount over the merchant limit' });
      const payload = buildArQr({ schemeGui, cbu: input.cbu, merchantName: 'PSP MERCHANT', merchantCity: 'CABA', amount: Number(input.amount.replace('.', '')), reference: input.reference });
      const order = { reference: input.reference, status: 'pending', amount: input.amount, qr_payload: payload };
      orders.set(input.reference, order);
      return send(201, order);
    }
    const refund = /^\/v1\/transfer-qr\/orders\/(\w+)\/refunds(?:\/(\w+))?$/.exec(req.url ?? '');
    if (refund) {
      if (req.method === 'GET') return refunds.has(refund[2]!) ? send(200, refunds.get(refund[2]!)) : send(404, { message: 'not found' });
      const input = JSON.parse(text);
      if (orders.get(refund[1]!)?.status !== 'paid') return send(409, { message: 'the order was not paid' });
      // …07 centavos: the transfer is queued; …08: the receiving bank rejects it.
      const status = input.amount.endsWith('7') ? 'pending' : input.amount.endsWith('8') ? 'failed' : 'succeeded';
      const made = refunds.get(input.reference) ?? { reference: input.reference, status, transfer_id: `COELSA-R${refunds.size}`, ...(status === 'failed' ? { reason: 'CBU inexistente' } : {}), to: input };
      refunds.set(input.reference, made);
      return send(201, made);
    }
    const match = /^\/v1\/transfer-qr\/orders\/(\w+)(\/cancel)?$/.exec(req.url ?? '');
    const order = match && orders.get(match[1]!);
    if (!order) return send(404, { message: 'not found' });
    if (match![2]) {
      if (order.status === 'paid') return send(409, { message: 'paid' });
      order.status = 'canceled';
      return send(200, order);
    }
    return send(200, order);
  });
  let transfers = 0;
  return {
    server,
    calls,
    orders,
    refunds,
    pay(reference: string, at: Date, amount?: string) {
      const order = orders.get(reference)!;
      order.status = 'paid';
      order.transfer = { id: `COELSA${String(++transfers).padStart(10, '0')}`, amount: amount ?? order.amount, paid_at: at.toISOString(), payer: { name: 'Juan Perez', cuit: '20-17254359-7' } };
      return JSON.stringify({ event: 'transfer.received', data: { reference, transfer: order.transfer } });
    },
  };
}

describe('ar_transfer_qr through a PSP API (provider ar_psp_api) on loopback', () => {
  const GUI = 'ar.example.psp';
  const SECRET = 'psp-webhook-secret';
  let t: TestApp;
  let psp: ReturnType<typeof fakePsp>;
  let merchant: Awaited<ReturnType<TestApp['newMerchant']>>;

  beforeAll(async () => {
    psp = fakePsp(GUI);
    await new Promise<void>((resolve) => psp.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(psp.server.address() as AddressInfo).port}`;
    const config = loadConfig({ PAYORDERS_AR_QR_API_URL: url, PAYORDERS_AR_QR_SCHEME_GUI: GUI, PAYORDERS_AR_QR_API_KEY: 'psp-key', PAYORDERS_AR_QR_API_WEBHOOK_SECRET: SECRET });
    t = await startTestApp({ arTransferQr: config.arTransferQr });
    merchant = await t.newMerchant();
    const set = await t.request('POST', '/v1/settings/payments', {
      token: merchant.live,
      body: { ar_transfer_qr: { cbu: cbuOf('0000031', '0000962015438'), merchant_name: 'Kiosco', merchant_city: 'Rosario' } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.ar_transfer_qr.provider).toBe('ar_psp_api');
  });
  afterAll(async () => {
    await t.close();
    psp.server.close();
  });

  const hook = (body: string, signed: boolean) =>
    t.app.inject({
      method: 'POST',
      url: `/hooks/ar_transfer_qr/ar_psp_api?merchant=${encodeId('merchant', merchant.merchantId)}&livemode=true`,
      payload: body,
      headers: { 'content-type': 'application/json', ...(signed ? { [AR_PSP_SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(SECRET, body)}` } : {}) },
    });

  it('creates the order at the PSP (our reference as its Idempotency-Key), shows its payload; a signed callback pays it once', async () => {
    const { order, payment } = await orderWithPayment(t, arsOrder({ amount: 250000 }), { method: 'ar_transfer_qr', token: merchant.live });
    expect(payment).toMatchObject({ livemode: true, provider: 'ar_psp_api', status: 'pending', amount: 250000 });
    const reference = payment.provider_reference;
    expect(psp.calls).toContain(`POST /v1/transfer-qr/orders ${reference}`);
    expect(payment.instructions.emv).toBe(psp.orders.get(reference)!.qr_payload);
    expect(parseArQr(payment.instructions.emv)).toMatchObject({ schemeGui: GUI, amount: 250000, reference });

    const body = psp.pay(reference, t.clock.now());
    expect((await hook(body, true)).statusCode).toBeLessThan(300);
    expect((await hook(body, true)).statusCode).toBeLessThan(300);
    const paid = (await t.request('GET', `/v1/payments/${payment.id}`, { token: merchant.live })).body;
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 250000, provider_metadata: { reference, transfer_id: expect.stringMatching(/^COELSA/) } });
    expect((await t.request('GET', `/v1/orders/${order.id}`, { token: merchant.live })).body).toMatchObject({ status: 'paid', amount_paid: 250000 });
    expect(await eventTypes(t, payment.id)).toEqual([]); // test-mode events list: the live events are the live key's
    const live = (await t.request('GET', `/v1/events?object=${payment.id}`, { token: merchant.live })).body.data.map((e: { type: string }) => e.type);
    expect(live).toEqual(['payment.succeeded', 'payment.created']);
  });

  it('an unsigned callback moves no money but makes the reconciliation job ask the PSP, which tells', async () => {
    const { payment } = await orderWithPayment(t, arsOrder({ amount: 10000 }), { method: 'ar_transfer_qr', token: merchant.live });
    const body = psp.pay(payment.provider_reference, t.clock.now(), '90.00');
    expect((await hook(body, false)).statusCode).toBeLessThan(300);
    expect((await t.request('GET', `/v1/payments/${payment.id}`, { token: merchant.live })).body.status).toBe('pending');
    await runExpiry(t);
    expect((await t.request('GET', `/v1/payments/${payment.id}`, { token: merchant.live })).body).toMatchObject({ status: 'succeeded', amount_received: 9000 });
    expect(psp.calls).toContain(`GET /v1/transfer-qr/orders/${payment.provider_reference} `);
  });

  it('refunds by a transfer from the PSP to the CBU given (our reference as its Idempotency-Key): sent, queued then confirmed by a query, rejected', async () => {
    const { payment } = await orderWithPayment(t, arsOrder({ amount: 50000 }), { method: 'ar_transfer_qr', token: merchant.live });
    await hook(psp.pay(payment.provider_reference, t.clock.now()), true);
    const destination = { type: 'ar_bank_account', cbu: cbuOf('2850590', '0940090418135'), holder_name: 'Juan Perez', holder_tax_id: '20-17254359-7' };
    const refund = (amount: number) => t.request('POST', '/v1/refunds', { token: merchant.live, body: { payment: payment.id, amount, destination } });
    const sent = (await refund(10000)).body;
    expect(sent).toMatchObject({ provider: 'ar_psp_api', status: 'succeeded', provider_metadata: { transfer_id: expect.stringMatching(/^COELSA-R/) } });
    expect(psp.calls).toContain(`POST /v1/transfer-qr/orders/${payment.provider_reference}/refunds ${sent.reference}`);
    expect(psp.refunds.get(sent.reference)!.to).toMatchObject({ amount: '100.00', cbu: destination.cbu, holder_tax_id: '20172543597' });
    const queued = (await refund(10007)).body;
    expect(queued.status).toBe('pending');
    psp.refunds.get(queued.reference)!.status = 'succeeded';
    t.clock.advance(10_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/refunds/${queued.id}`, { token: merchant.live })).body.status).toBe('succeeded');
    expect((await refund(10008)).body).toMatchObject({ status: 'failed', failure_code: 'refund_failed', failure_message: 'CBU inexistente' });
    expect((await t.request('GET', `/v1/orders/${payment.order}`, { token: merchant.live })).body).toMatchObject({ status: 'partially_refunded', amount_refunded: 20007 });
  });

  it('a PSP refusal fails the payment; cancel cancels at the PSP', async () => {
    const refused = await orderWithPayment(t, arsOrder({ amount: 99999 }), { method: 'ar_transfer_qr', token: merchant.live });
    expect(refused.payment).toMatchObject({ status: 'failed', failure_code: 'psp_422', failure_message: 'amount over the merchant limit' });
    const { payment } = await orderWithPayment(t, arsOrder({ amount: 20000 }), { method: 'ar_transfer_qr', token: merchant.live });
    const canceled = await t.request('POST', `/v1/payments/${payment.id}/cancel`, { token: merchant.live });
    expect(canceled.body.status).toBe('canceled');
    expect(psp.orders.get(payment.provider_reference)!.status).toBe('canceled');
  });
});
