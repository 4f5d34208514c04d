import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { encodeId } from '../src/domain/ids.js';
import { apiBoletoConnector } from '../src/rails/boleto/provider-api-boleto.js';
import { PUBLISHED_VECTORS } from '../src/rails/boleto/published-vectors.fixture.js';
import { WEBHOOK_SIGNATURE_HEADER } from '../src/rails/provider-api.js';
import { hmacSha256Hex } from '../src/rails/signature.js';
import { startFakeProvider, type FakeAnswer, type FakeProvider, type FakeRequest } from './fake-provider.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes } from './payments.js';
import { hasOpenssl } from './tls.js';

/**
 * The real-provider seam for boleto (a bank's registration API, src/rails/boleto/provider-api-boleto.ts) against a
 * fake bank on loopback, over HTTPS with mutual TLS, through /v1 on each store: registration, the bank's numbers
 * checked before they are shown, the paid callback, query-on-timeout reconciliation, cancellation (baixa).
 */

const WEBHOOK_SECRET = 'whsec_boleto_0123456789abcdef';
const TIMEOUT_MS = 1000;
const ACCOUNT = { bank_code: '001', agency: '1234', account: '12345678', wallet: '17', agreement: '1234567', beneficiary_name: 'Loja Azul Ltda', beneficiary_tax_id: '11222333000181' };

/**
 * The bank's own Banco do Brasil barcode (convênio of 7 digits), written here independently of src/rails/boleto
 * from the FEBRABAN rules, so the connector's check is against another implementation, not itself.
 */
function bankBarcode(agreement: string, ourNumber: string, wallet: string, dueDate: string, amount: number) {
  const days = Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse('1997-10-07T00:00:00Z')) / 86_400_000);
  const factor = days > 9999 ? ((days - 1000) % 9000) + 1000 : days;
  const free = `000000${agreement}${ourNumber.padStart(10, '0')}${wallet}`;
  const rest = `${String(factor).padStart(4, '0')}${String(amount).padStart(10, '0')}${free}`;
  const sum11 = [...`0019${rest}`].reverse().reduce((sum, d, i) => sum + Number(d) * (2 + (i % 8)), 0);
  const dv = 11 - (sum11 % 11);
  const barcode = `0019${dv === 0 || dv > 9 ? 1 : dv}${rest}`;
  const mod10 = (digits: string) => {
    const sum = [...digits].reverse().reduce((s, d, i) => s + [...String(Number(d) * (i % 2 === 0 ? 2 : 1))].reduce((a, b) => a + Number(b), 0), 0);
    return (10 - (sum % 10)) % 10;
  };
  const f1 = barcode.slice(0, 4) + barcode.slice(19, 24);
  const f2 = barcode.slice(24, 34);
  const f3 = barcode.slice(34, 44);
  return { barcode, digitable_line: `${f1}${mod10(f1)}${f2}${mod10(f2)}${f3}${mod10(f3)}${barcode.slice(4, 19)}` };
}

interface BankBoleto {
  our_number: string;
  status: 'registered' | 'paid' | 'canceled' | 'expired';
  barcode: string;
  digitable_line: string;
  due_date: string;
  amount: string;
  webhook_url: string;
  payment?: { id: string; amount: string; fee: string; paid_at: string };
}

/**
 * Its routes, its boletos in memory. Amounts pick misbehaviour: …13 answers after the client's timeout; …77 a
 * barcode with a wrong general check digit; …78 a digitable line with a wrong field check digit; …79 valid numbers
 * for another nosso número.
 */
function bank() {
  const boletos = new Map<string, BankBoleto>();
  /** Refunds: transfers to the payer's account, by our reference. Amounts ending …05 fail, …66 stay processing. */
  const transfers = new Map<string, any>();
  const registrations: any[] = [];
  let payments = 0;
  function handle({ method, path, body }: FakeRequest): FakeAnswer {
    if (method === 'POST' && path === '/v1/boletos') {
      registrations.push(body);
      if (boletos.has(body.our_number)) return { status: 409, body: { title: 'Nosso número já registrado' } };
      const amount = Number(body.amount.replace('.', ''));
      const cents = amount % 100;
      const codes = bankBarcode(body.beneficiary.agreement, cents === 79 ? '9999999999' : body.our_number, body.beneficiary.wallet, body.due_date, amount);
      if (cents === 77) codes.barcode = codes.barcode.slice(0, 4) + ((Number(codes.barcode[4]) % 9) + 1) + codes.barcode.slice(5);
      if (cents === 78) codes.digitable_line = codes.digitable_line.slice(0, 9) + ((Number(codes.digitable_line[9]) + 1) % 10) + codes.digitable_line.slice(10);
      const boleto: BankBoleto = { our_number: body.our_number, status: 'registered', ...codes, due_date: body.due_date, amount: body.amount, webhook_url: body.webhook_url };
      boletos.set(body.our_number, boleto);
      return { status: 201, body: boleto, delayMs: cents === 13 ? TIMEOUT_MS * 3 : 0 };
    }
    if (method === 'POST' && path === '/v1/transfers') {
      if (transfers.has(body.reference)) return { status: 409, body: { title: 'Referência já usada' } };
      const cents = Number(body.amount.replace('.', '')) % 100;
      const transfer = { ...body, id: `TED${String(transfers.size + 1).padStart(8, '0')}`, status: cents === 5 ? 'failed' : cents === 66 ? 'processing' : 'completed', ...(cents === 5 ? { failure_reason: 'Conta inexistente' } : {}) };
      transfers.set(body.reference, transfer);
      return { status: 201, body: transfer };
    }
    const transfer = /^\/v1\/transfers\/(\w+)$/.exec(path);
    if (method === 'GET' && transfer) return transfers.has(transfer[1]!) ? { status: 200, body: transfers.get(transfer[1]!) } : { status: 404, body: { title: 'Transferência não encontrada' } };
    const [, ourNumber, action] = /^\/v1\/boletos\/(\d+)(\/cancel)?$/.exec(path) ?? [];
    const boleto = ourNumber ? boletos.get(ourNumber) : undefined;
    if (!boleto) return { status: 404, body: { title: 'Boleto não encontrado' } };
    if (method === 'GET' && !action) return { status: 200, body: boleto };
    if (method === 'POST' && action) {
      if (boleto.status !== 'registered') return { status: 409, body: { title: 'Baixa não permitida', detail: `O boleto está ${boleto.status}` } };
      boleto.status = 'canceled';
      return { status: 200, body: boleto };
    }
    return { status: 405 };
  }
  return {
    handle,
    boletos,
    transfers,
    registrations,
    /** The payer pays at a branch; answers the callback body the bank would send. */
    pay(ourNumber: string, at: Date) {
      const boleto = boletos.get(ourNumber)!;
      boleto.status = 'paid';
      boleto.payment = { id: `LIQ${String(++payments).padStart(8, '0')}`, amount: boleto.amount, fee: '3.49', paid_at: at.toISOString() };
      return JSON.stringify({ type: 'boleto.paid', boleto });
    },
  };
}

describe('the fake bank’s own barcode code', () => {
  it('reproduces the published Banco do Brasil vector, so it is an independent check', () => {
    const vector = PUBLISHED_VECTORS.find((v) => v.settings.bankCode === '001' && v.settings.agreement?.length === 7)!;
    const codes = bankBarcode(vector.settings.agreement!, vector.ourNumber, vector.settings.wallet, vector.dueDate, vector.amount);
    expect(codes).toEqual({ barcode: vector.barcode, digitable_line: vector.digitableLine.replace(/[.\s]/g, '') });
  });
});

describe.skipIf(!hasOpenssl)('the boleto registration API provider, against a fake bank with mutual TLS', () => {
  let t: TestApp;
  let fake: ReturnType<typeof bank>;
  let server: FakeProvider;
  beforeAll(async () => {
    fake = bank();
    server = await startFakeProvider(fake.handle);
    t = await startTestApp({ boletoApi: server.config({ webhookSecret: WEBHOOK_SECRET, timeoutMs: TIMEOUT_MS }) });
    const set = await t.request('POST', '/v1/settings/payments', { body: { boleto: { provider: 'api_boleto', ...ACCOUNT } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  async function newPayment(amount = 29700) {
    const order = await t.request('POST', '/v1/orders', { body: orderBody({ amount, description: 'Pedido 1001' }) });
    const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'boleto' } });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    return { order: order.body, payment: payment.body };
  }
  const callbackPath = (ourNumber: string) => new URL(fake.boletos.get(ourNumber)!.webhook_url).pathname;
  const callback = (raw: string, path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: raw });
  const paymentOf = async (id: string) => (await t.request('GET', `/v1/payments/${id}`)).body;

  it('registers the boleto at the bank and shows the numbers it answered, once our format code has read them', async () => {
    const { payment } = await newPayment();
    expect(payment).toMatchObject({ provider: 'api_boleto', status: 'pending', provider_reference: '0000000001' });
    const registered = fake.registrations.at(-1);
    expect(registered).toMatchObject({
      our_number: '0000000001',
      amount: '297.00',
      due_date: '2026-11-24',
      beneficiary: { bank_code: '001', agency: '1234', account: '12345678', wallet: '17', agreement: '1234567', tax_id: '11222333000181' },
      description: 'Pedido 1001',
    });
    const mer = encodeId('merchant', t.merchant.merchantId);
    expect(registered.webhook_url).toMatch(new RegExp(`^${t.services.config.publicBaseUrl}/hooks/boleto/api_boleto/${mer}/test/[A-Za-z0-9_-]{43}$`));
    const atBank = fake.boletos.get('0000000001')!;
    expect(payment.instructions).toMatchObject({ type: 'boleto', barcode: atBank.barcode, digitable_line: atBank.digitable_line, due_date: '2026-11-24', our_number: '0000000001', bank_code: '001' });
    expect(new Set(server.clientNames)).toEqual(new Set(['payorders-merchant']));
    const pdf = await t.app.inject({ method: 'GET', url: `/v1/payments/${payment.id}/boleto.pdf`, headers: { authorization: `Bearer ${t.merchant.token}` } });
    expect([pdf.statusCode, pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
  });

  it('the paid callback at the registered URL confirms it once, with the bank’s tariff as fee, money pending until D+1', async () => {
    const pending = async () => ((await t.request('GET', '/v1/balance')).body.pending as Array<{ amount: number }>)[0]?.amount ?? 0;
    const before = await pending();
    const { order, payment } = await newPayment(15000);
    const raw = fake.pay(payment.provider_reference, t.clock.now());
    const path = callbackPath(payment.provider_reference);
    expect((await callback(raw, path)).statusCode).toBe(200);
    expect((await callback(raw, path)).statusCode).toBe(200);
    expect(await paymentOf(payment.id)).toMatchObject({ status: 'succeeded', amount_received: 15000, fee: 349, provider_metadata: { bank_payment_id: expect.stringMatching(/^LIQ/) } });
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('paid');
    expect((await pending()) - before).toBe(14651);
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.succeeded']);
  });

  it('a callback without the URL token, or with another merchant’s, only makes the job ask GET /v1/boletos/{n}; a body HMAC counts', async () => {
    const { payment } = await newPayment(5000);
    const raw = fake.pay(payment.provider_reference, t.clock.now());
    const path = callbackPath(payment.provider_reference);
    const other = await t.newMerchant();
    const forged = [path.replace(/\/[^/]+$/, ''), path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), path.replace(encodeId('merchant', t.merchant.merchantId), encodeId('merchant', other.merchantId))];
    for (const p of forged) expect((await callback(raw, p)).statusCode, p).toBe(200);
    await callback(raw, `${path}/pix`).then((res) => expect(res.statusCode).toBe(400));
    expect((await paymentOf(payment.id)).status).toBe('pending');
    const before = server.calls.length;
    await runExpiry(t);
    expect(server.calls.slice(before)).toContain(`GET /v1/boletos/${payment.provider_reference}`);
    expect(await paymentOf(payment.id)).toMatchObject({ status: 'succeeded', amount_received: 5000, fee: 349 });

    const signed = await newPayment(5100);
    const body = fake.pay(signed.payment.provider_reference, t.clock.now());
    await callback(body, forged[0]!, { [WEBHOOK_SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(WEBHOOK_SECRET, body)}` });
    expect((await paymentOf(signed.payment.id)).status).toBe('succeeded');
  });

  it('a bank that times out leaves the payment processing until the query finds the boleto registered, and checks its numbers then', async () => {
    const { order, payment } = await newPayment(10013);
    expect(payment).toMatchObject({ status: 'processing', instructions: null });
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('processing');
    t.clock.advance(30_000);
    await runExpiry(t);
    const atBank = fake.boletos.get(payment.provider_reference)!;
    expect(await paymentOf(payment.id)).toMatchObject({ status: 'pending', instructions: { barcode: atBank.barcode, digitable_line: atBank.digitable_line } });
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.processing', 'payment.pending']);
  });

  it('refuses numbers our format code rejects or that are another boleto’s: the payment fails and the bank’s boleto is written off', async () => {
    for (const [amount, reason] of [
      [20077, /general check digit/],
      [20078, /check digit of field/],
      [20079, /nosso número 9999999999/],
    ] as const) {
      const { payment } = await newPayment(amount);
      expect(payment, String(amount)).toMatchObject({ status: 'failed', failure_code: 'provider_invalid_boleto', instructions: null });
      expect(payment.failure_message).toMatch(reason);
      expect(fake.boletos.get(payment.provider_reference)!.status).toBe('canceled');
    }
  });

  it('cancels (baixa) at the bank, and refuses once the bank says the boleto was paid', async () => {
    const { payment } = await newPayment(7000);
    expect((await t.request('POST', `/v1/payments/${payment.id}/cancel`)).body.status).toBe('canceled');
    expect(fake.boletos.get(payment.provider_reference)!.status).toBe('canceled');
    const paid = await newPayment(7100);
    fake.pay(paid.payment.provider_reference, t.clock.now());
    const refused = await t.request('POST', `/v1/payments/${paid.payment.id}/cancel`);
    expectProblem(refused, 409, 'invalid_state_transition');
    expect(refused.body.detail).toMatch(/paid/);
  });

  it("refunds a paid boleto by a transfer from the bank to the payer's account given; a failed transfer frees the amount, a processing one is queried", async () => {
    const destination = { type: 'br_bank_account', bank_code: '341', branch: '0001-9', account: '12345-6', account_type: 'checking', holder_name: 'Fulano de Tal', holder_tax_id: '529.982.247-25' };
    const { order, payment } = await newPayment(20000);
    expect((await callback(fake.pay(payment.provider_reference, t.clock.now()), callbackPath(payment.provider_reference))).statusCode).toBe(200);
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 5000 } }), 400, 'validation_error');

    const part = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 5000, reason: 'Produto devolvido', destination } });
    expect(part.status, JSON.stringify(part.body)).toBe(201);
    expect(part.body).toMatchObject({ method: 'boleto', provider: 'api_boleto', status: 'succeeded', provider_metadata: { bank_transfer_id: expect.stringMatching(/^TED/) } });
    expect(fake.transfers.get(part.body.reference)).toMatchObject({
      amount: '50.00',
      boleto: payment.provider_reference,
      destination: { bank_code: '341', branch: '0001', account: '123456', account_type: 'checking', holder_name: 'Fulano de Tal', holder_tax_id: '52998224725' },
      description: 'Produto devolvido',
    });
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'partially_refunded', amount_refunded: 5000 });

    // The bank could not send it (…05): failed, and its amount may be refunded again.
    const failed = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 1005, destination } });
    expect(failed.body).toMatchObject({ status: 'failed', failure_code: 'transfer_failed' });
    expect(failed.body.failure_message).toContain('Conta inexistente');
    // Still processing at the bank (…66): pending until the reconciliation job's query finds it completed.
    const processing = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 14966, destination } });
    expect(processing.body.status).toBe('pending');
    expectProblem(await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 100, destination } }), 409, 'refund_exceeds_remaining');
    fake.transfers.get(processing.body.reference)!.status = 'completed';
    t.clock.advance(30_000);
    await runExpiry(t);
    expect((await t.request('GET', `/v1/refunds/${processing.body.id}`)).body.status).toBe('succeeded');
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ amount_refunded: 19966, refunded: false });
  });

  it('is the live provider by default once configured; a bank that cannot be reached, or refuses the TLS handshake, registers nothing', async () => {
    const live = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: { boleto: ACCOUNT } });
    expect(live.body.boleto.provider).toBe('api_boleto');
    const ctx = { db: t.db, clock: systemClock, merchantId: t.merchant.merchantId, livemode: true, account: live.body.boleto, documentUrl: () => '' };
    const request = { paymentId: 'x', amount: 100, currency: 'BRL', expiresAt: new Date(Date.now() + 60_000), reference: null, description: null, payer: null };
    const registrations = fake.registrations.length;
    for (const config of [server.config({ url: 'http://127.0.0.1:1' }), server.config({ clientCertificate: undefined })]) {
      expect((await apiBoletoConnector(config, 'https://payorders.example').create(ctx, request)).outcome, config.url).toBe('not_sent');
    }
    expect(fake.registrations.length).toBe(registrations);
  });
});
