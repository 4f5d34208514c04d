import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { encodeId } from '../src/domain/ids.js';
import { buildBrCode, parseBrCode } from '../src/rails/pix/br-code.js';
import { apiPixConnector, WEBHOOK_SIGNATURE_HEADER } from '../src/rails/pix/provider-api-pix.js';
import { hmacSha256Hex } from '../src/rails/signature.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes } from './payments.js';

/**
 * The real-provider seam for Pix (the Banco Central's API Pix) against a fake PSP served here on loopback:
 * OAuth, charges created, read and removed, callbacks signed and not. Never the network.
 */

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
const TIMEOUT_MS = 400;

interface FakeCob {
  txid: string;
  status: string;
  valor: { original: string };
  chave: string;
  calendario: { criacao: string; expiracao: number };
  location: string;
  pixCopiaECola: string;
  pix?: Array<{ endToEndId: string; txid: string; valor: string; horario: string; pagador: Record<string, string> }>;
}

/** A PSP with the API Pix's routes, its charges in memory; amounts ending in .13 answer after the client's timeout. */
function fakePsp() {
  const cobs = new Map<string, FakeCob>();
  const calls: string[] = [];
  let transfers = 0;
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text;
  };
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    calls.push(`${req.method} ${req.url}`);
    const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (req.url === '/oauth/token') {
      const ok = req.headers.authorization === `Basic ${Buffer.from('client-id:client-secret').toString('base64')}` && text === 'grant_type=client_credentials';
      return ok ? send(200, { access_token: 'token-1', token_type: 'Bearer', expires_in: 3600 }) : send(401, { title: 'Unauthorized' });
    }
    if (req.headers.authorization !== 'Bearer token-1') return send(401, { title: 'Unauthorized' });
    const txid = /^\/v2\/cob\/(\w+)$/.exec(req.url ?? '')?.[1];
    if (!txid) return send(404, { title: 'Not found' });
    if (req.method === 'PUT') {
      const input = JSON.parse(text);
      const location = `psp.example.com/qr/v2/${txid}`;
      const cob: FakeCob = {
        txid,
        status: 'ATIVA',
        valor: input.valor,
        chave: input.chave,
        calendario: { criacao: new Date().toISOString(), expiracao: input.calendario.expiracao },
        location,
        pixCopiaECola: buildBrCode({ kind: 'dynamic', location, merchantName: 'LOJA AZUL', merchantCity: 'RECIFE', amount: Number(input.valor.original.replace('.', '')) }),
      };
      cobs.set(txid, cob);
      if (input.valor.original.endsWith('.13')) await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3));
      return send(201, cob);
    }
    const cob = cobs.get(txid);
    if (!cob) return send(404, { title: 'Cobrança não encontrada' });
    if (req.method === 'GET') return send(200, cob);
    if (req.method === 'PATCH') {
      if (cob.status !== 'ATIVA') return send(400, { title: 'Cobrança não está ativa', detail: `A cobrança está ${cob.status}` });
      cob.status = JSON.parse(text).status;
      return send(200, cob);
    }
    return send(405, {});
  });
  return {
    server,
    cobs,
    calls,
    /** The payer pays; answers the callback body the PSP would send. */
    pay(txid: string, at: Date, valor?: string) {
      const cob = cobs.get(txid)!;
      const transfer = { endToEndId: `E12345678${at.toISOString().replace(/\D/g, '').slice(0, 12)}abcDEF${String(++transfers).padStart(5, '0')}`, txid, valor: valor ?? cob.valor.original, horario: at.toISOString(), pagador: { nome: 'Maria', cpf: '***.456.789-**' } };
      cob.status = 'CONCLUIDA';
      cob.pix = [transfer];
      return JSON.stringify({ pix: [transfer] });
    },
  };
}

let t: TestApp;
let psp: ReturnType<typeof fakePsp>;
let url: string;
beforeAll(async () => {
  psp = fakePsp();
  await new Promise<void>((resolve) => psp.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(psp.server.address() as AddressInfo).port}`;
  t = await startTestApp({ pixApi: { url, clientId: 'client-id', clientSecret: 'client-secret', webhookSecret: WEBHOOK_SECRET, timeoutMs: TIMEOUT_MS } });
  const set = await t.request('POST', '/v1/settings/payments', { body: { pix: { provider: 'api_pix', key: '+5581987654321', merchant_name: 'Loja Azul', merchant_city: 'Recife' } } });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => psp.server.close(resolve));
});

const callback = (raw: string, signed = true) =>
  t.app.inject({
    method: 'POST',
    url: `/hooks/pix/api_pix?merchant=${encodeId('merchant', t.merchant.merchantId)}&livemode=false`,
    headers: { 'content-type': 'application/json', ...(signed ? { [WEBHOOK_SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(WEBHOOK_SECRET, raw)}` } : {}) },
    payload: raw,
  });

async function newPayment(amount = 29700) {
  const order = await t.request('POST', '/v1/orders', { body: orderBody({ amount }) });
  const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' } });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  return { order: order.body, payment: payment.body };
}

describe('the API Pix provider, against a fake PSP', () => {
  it("creates the charge at the PSP with the merchant's key and shows the PSP's code; a signed callback pays it once", async () => {
    const { order, payment } = await newPayment();
    expect(payment).toMatchObject({ provider: 'api_pix', status: 'pending' });
    const cob = psp.cobs.get(payment.provider_reference)!;
    expect(cob).toMatchObject({ chave: '+5581987654321', valor: { original: '297.00' }, calendario: { expiracao: 86_400 } });
    expect(payment.instructions.emv).toBe(cob.pixCopiaECola);
    expect(parseBrCode(payment.instructions.emv)).toMatchObject({ kind: 'dynamic', location: cob.location });

    const raw = psp.pay(cob.txid, t.clock.now());
    expect((await callback(raw)).statusCode).toBe(200);
    expect((await callback(raw)).statusCode).toBe(200);
    const paid = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 29700, fee: 0, provider_metadata: { end_to_end_id: JSON.parse(raw).pix[0].endToEndId, payer: { nome: 'Maria' } } });
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('paid');
    expect(await eventTypes(t, payment.id)).toEqual(['payment.created', 'payment.succeeded']);
  });

  it('an unsigned callback only makes the job ask GET /v2/cob, which confirms it', async () => {
    const { payment } = await newPayment(5000);
    const raw = psp.pay(payment.provider_reference, t.clock.now());
    expect((await callback(raw, false)).statusCode).toBe(200);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('pending');
    const before = psp.calls.length;
    await runExpiry(t);
    expect(psp.calls.slice(before)).toContain(`GET /v2/cob/${payment.provider_reference}`);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 5000 });
  });

  it('a PSP that times out leaves the payment processing until the query finds the charge waiting', async () => {
    const { order, payment } = await newPayment(10013);
    expect(payment).toMatchObject({ status: 'processing', instructions: null });
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('processing');
    t.clock.advance(10_000);
    await runExpiry(t);
    const pending = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
    expect(pending).toMatchObject({ status: 'pending', instructions: { emv: psp.cobs.get(payment.provider_reference)!.pixCopiaECola } });
  });

  it('cancels at the PSP, and refuses once the PSP says the charge was paid', async () => {
    const { payment } = await newPayment(7000);
    expect((await t.request('POST', `/v1/payments/${payment.id}/cancel`)).body.status).toBe('canceled');
    expect(psp.cobs.get(payment.provider_reference)!.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');
    const paid = await newPayment(7100);
    psp.pay(paid.payment.provider_reference, t.clock.now());
    const refused = await t.request('POST', `/v1/payments/${paid.payment.id}/cancel`);
    expectProblem(refused, 409, 'invalid_state_transition');
    expect(refused.body.detail).toMatch(/CONCLUIDA/);
  });

  it('is the live provider by default, and a PSP that cannot be reached creates nothing (not_sent)', async () => {
    const live = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: { pix: { key: '+5581987654321', merchant_name: 'Loja Azul', merchant_city: 'Recife' } } });
    expect(live.body.pix.provider).toBe('api_pix');
    const down = apiPixConnector({ url: 'http://127.0.0.1:1', clientId: 'a', clientSecret: 'b', webhookSecret: undefined, timeoutMs: 1000 });
    const ctx = { db: t.db, clock: systemClock, merchantId: t.merchant.merchantId, livemode: true, account: live.body.pix, documentUrl: () => '' };
    const answer = await down.create(ctx, { paymentId: 'x', amount: 100, currency: 'BRL', expiresAt: new Date(Date.now() + 60_000), reference: null, description: null, payer: null });
    expect(answer.outcome).toBe('not_sent');
  });
});
