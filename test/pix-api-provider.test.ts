import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { encodeId } from '../src/domain/ids.js';
import { buildBrCode, parseBrCode } from '../src/rails/pix/br-code.js';
import { apiPixConnector } from '../src/rails/pix/provider-api-pix.js';
import { WEBHOOK_SIGNATURE_HEADER } from '../src/rails/provider-api.js';
import { hmacSha256Hex } from '../src/rails/signature.js';
import { startFakeProvider, type FakeAnswer, type FakeProvider, type FakeRequest } from './fake-provider.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { runExpiry } from './jobs.js';
import { eventTypes } from './payments.js';
import { hasOpenssl } from './tls.js';

/**
 * The real-provider seam for Pix (the Banco Central's API Pix) against a fake PSP served here on loopback over
 * HTTPS with mutual TLS: OAuth tokens kept and renewed, the key's webhook registered, charges created, read and
 * removed, callbacks at the registered URL with the /pix the API appends, authenticated and not. Never the network.
 */

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
const TIMEOUT_MS = 1000;
const KEY = '+5581987654321';

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

interface FakeDevolucao {
  id: string;
  rtrId: string;
  valor: string;
  status: 'EM_PROCESSAMENTO' | 'DEVOLVIDO' | 'NAO_REALIZADO';
  motivo?: string;
}

/**
 * The API Pix's routes, its charges, devoluções and webhooks in memory; amounts ending in .13 answer after the
 * client's timeout, in .27 slowly but within it (creating and canceling); a devolução of .05 is not made, of .07
 * stays in processing.
 */
function pixApi() {
  const cobs = new Map<string, FakeCob>();
  const webhooks = new Map<string, string>();
  const devolucoes = new Map<string, FakeDevolucao>();
  let transfers = 0;
  function devolve(method: string, e2eid: string, id: string, body: any): FakeAnswer {
    const key = `${e2eid}/${id}`;
    const pix = [...cobs.values()].flatMap((c) => c.pix ?? []).find((p) => p.endToEndId === e2eid);
    if (!pix) return { status: 404, body: { title: 'Pix não encontrado' } };
    if (method === 'GET') return devolucoes.has(key) ? { status: 200, body: devolucoes.get(key) } : { status: 404, body: { title: 'Devolução não encontrada' } };
    if (method !== 'PUT') return { status: 405 };
    if (devolucoes.has(key)) return { status: 201, body: devolucoes.get(key) };
    const cents = (valor: string) => Number(valor.replace('.', ''));
    const returned = [...devolucoes.entries()].filter(([k, d]) => k.startsWith(`${e2eid}/`) && d.status !== 'NAO_REALIZADO').reduce((sum, [, d]) => sum + cents(d.valor), 0);
    if (returned + cents(body.valor) > cents(pix.valor)) return { status: 400, body: { title: 'Valor da devolução excede o valor do Pix' } };
    const status = body.valor.endsWith('.05') ? 'NAO_REALIZADO' : body.valor.endsWith('.07') ? 'EM_PROCESSAMENTO' : 'DEVOLVIDO';
    const devolucao: FakeDevolucao = { id, rtrId: `D12345678${String(devolucoes.size).padStart(23, '0')}`, valor: body.valor, status, ...(status === 'NAO_REALIZADO' ? { motivo: 'Conta do pagador encerrada' } : {}) };
    devolucoes.set(key, devolucao);
    return { status: 201, body: devolucao, delayMs: body.valor.endsWith('.13') ? TIMEOUT_MS * 3 : 0 };
  }
  function handle({ method, path, body }: FakeRequest): FakeAnswer {
    const devolucao = /^\/v2\/pix\/(\w+)\/devolucao\/(\w+)$/.exec(path);
    if (devolucao) return devolve(method, devolucao[1]!, devolucao[2]!, body);
    const key = /^\/v2\/webhook\/([^/]+)$/.exec(path)?.[1];
    if (key && method === 'PUT') {
      if (typeof body?.webhookUrl !== 'string') return { status: 400, body: { title: 'webhookUrl é obrigatório' } };
      webhooks.set(decodeURIComponent(key), body.webhookUrl);
      return { status: 204 };
    }
    const txid = /^\/v2\/cob\/(\w+)$/.exec(path)?.[1];
    if (!txid) return { status: 404, body: { title: 'Not found' } };
    if (method === 'PUT') {
      const location = `psp.example.com/qr/v2/${txid}`;
      const cob: FakeCob = {
        txid,
        status: 'ATIVA',
        valor: body.valor,
        chave: body.chave,
        calendario: { criacao: new Date().toISOString(), expiracao: body.calendario.expiracao },
        location,
        pixCopiaECola: buildBrCode({ kind: 'dynamic', location, merchantName: 'LOJA AZUL', merchantCity: 'RECIFE', amount: Number(body.valor.original.replace('.', '')) }),
      };
      cobs.set(txid, cob);
      const delayMs = body.valor.original.endsWith('.13') ? TIMEOUT_MS * 3 : body.valor.original.endsWith('.27') ? TIMEOUT_MS / 2 : 0;
      return { status: 201, body: cob, delayMs };
    }
    const cob = cobs.get(txid);
    if (!cob) return { status: 404, body: { title: 'Cobrança não encontrada' } };
    if (method === 'GET') return { status: 200, body: cob };
    if (method === 'PATCH') {
      if (cob.status !== 'ATIVA') return { status: 400, body: { title: 'Cobrança não está ativa', detail: `A cobrança está ${cob.status}` } };
      cob.status = body.status;
      return { status: 200, body: cob, delayMs: cob.valor.original.endsWith('.27') ? TIMEOUT_MS / 2 : 0 };
    }
    return { status: 405 };
  }
  return {
    handle,
    cobs,
    webhooks,
    devolucoes,
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

describe('the real providers’ configuration (PAYORDERS_PIX_API_*, PAYORDERS_BOLETO_API_*)', () => {
  it('takes the client certificate, its key and a CA from files that must exist, one of the pair needing the other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payorders-config-'));
    try {
      for (const name of ['client.crt', 'client.key', 'ca.crt']) writeFileSync(join(dir, name), 'PEM');
      for (const prefix of ['PAYORDERS_PIX_API', 'PAYORDERS_BOLETO_API']) {
        const env = { [`${prefix}_URL`]: 'https://psp.example/api/', [`${prefix}_CLIENT_ID`]: 'id', [`${prefix}_CLIENT_SECRET`]: 's3cret' };
        const files = { [`${prefix}_CERT_FILE`]: join(dir, 'client.crt'), [`${prefix}_KEY_FILE`]: join(dir, 'client.key'), [`${prefix}_CA_FILE`]: join(dir, 'ca.crt') };
        const loaded = loadConfig({ ...env, ...files });
        expect(prefix === 'PAYORDERS_PIX_API' ? loaded.pixApi : loaded.boletoApi).toEqual({
          url: 'https://psp.example/api',
          clientId: 'id',
          clientSecret: 's3cret',
          webhookSecret: undefined,
          timeoutMs: 10_000,
          clientCertificate: { certFile: join(dir, 'client.crt'), keyFile: join(dir, 'client.key') },
          caFile: join(dir, 'ca.crt'),
        });
        expect(() => loadConfig({ ...env, [`${prefix}_CERT_FILE`]: join(dir, 'client.crt') })).toThrow(`${prefix}_KEY_FILE`);
        expect(() => loadConfig({ ...env, ...files, [`${prefix}_KEY_FILE`]: join(dir, 'missing.key') })).toThrow(/does not exist/);
      }
      expect(loadConfig({}).boletoApi).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasOpenssl)('the API Pix provider, against a fake PSP with mutual TLS', () => {
  let t: TestApp;
  let psp: ReturnType<typeof pixApi>;
  let server: FakeProvider;
  beforeAll(async () => {
    psp = pixApi();
    server = await startFakeProvider(psp.handle);
    t = await startTestApp({ pixApi: server.config({ webhookSecret: WEBHOOK_SECRET, timeoutMs: TIMEOUT_MS }) });
    const set = await t.request('POST', '/v1/settings/payments', { body: { pix: { provider: 'api_pix', key: KEY, merchant_name: 'Loja Azul', merchant_city: 'Recife' } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  /** The path of the webhook URL registered for the key, as the PSP calls it: with /pix appended. */
  const registeredPath = () => `${new URL(psp.webhooks.get(KEY)!).pathname}/pix`;
  const callback = (raw: string, path = registeredPath(), headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: raw });

  async function newPayment(amount = 29700) {
    const order = await t.request('POST', '/v1/orders', { body: orderBody({ amount }) });
    const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' } });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    return { order: order.body, payment: payment.body };
  }

  it("registers the key's webhook, creates the charge over mutual TLS, and a callback at <registered>/pix pays it once", async () => {
    const { order, payment } = await newPayment();
    expect(payment).toMatchObject({ provider: 'api_pix', status: 'pending' });
    const mer = encodeId('merchant', t.merchant.merchantId);
    expect(psp.webhooks.get(KEY)).toMatch(new RegExp(`^${t.services.config.publicBaseUrl}/hooks/pix/api_pix/${mer}/test/[A-Za-z0-9_-]{43}$`));
    expect(server.calls.slice(0, 3)).toEqual(['POST /oauth/token', `PUT /v2/webhook/${encodeURIComponent(KEY)}`, `PUT /v2/cob/${payment.provider_reference}`]);
    expect(new Set(server.clientNames)).toEqual(new Set(['payorders-merchant']));
    const cob = psp.cobs.get(payment.provider_reference)!;
    expect(cob).toMatchObject({ chave: KEY, valor: { original: '297.00' }, calendario: { expiracao: 86_400 } });
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

  it('registers the webhook once per key, and keeps one OAuth token until it expires by the clock', async () => {
    const before = server.calls.length;
    const tokens = server.tokensIssued;
    await newPayment(1000);
    await newPayment(1100);
    const calls = server.calls.slice(before);
    expect(calls.filter((c) => c.startsWith('PUT /v2/webhook'))).toEqual([]);
    expect(calls.filter((c) => c === 'POST /oauth/token')).toEqual([]);
    t.clock.advance(3600_000);
    await newPayment(1200);
    expect(server.tokensIssued).toBe(tokens + 1);
  });

  it('a revoked token answers 401: a new token is fetched and the call made once more', async () => {
    server.revokeTokens();
    const tokens = server.tokensIssued;
    const before = psp.cobs.size;
    const { payment } = await newPayment(1300);
    expect(payment.status).toBe('pending');
    expect(server.tokensIssued).toBe(tokens + 1);
    expect(psp.cobs.size).toBe(before + 1);
  });

  it('accepts the registered URL with or without /pix, and nothing else after it', async () => {
    const { payment } = await newPayment(1400);
    const raw = psp.pay(payment.provider_reference, t.clock.now());
    expect((await callback(raw, `${registeredPath()}/more`)).statusCode).toBe(400);
    expect((await callback(raw, registeredPath().replace(/\/pix$/, '/boleto'))).statusCode).toBe(400);
    expect((await callback(raw, registeredPath().replace(/\/pix$/, ''))).statusCode).toBe(200);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('succeeded');
  });

  it('a callback without the URL token, with a wrong one, or with another merchant’s only makes the job ask GET /v2/cob', async () => {
    const { payment } = await newPayment(5000);
    const raw = psp.pay(payment.provider_reference, t.clock.now());
    const [base, token] = [registeredPath().replace(/\/[^/]+\/pix$/, ''), registeredPath().split('/').at(-2)!];
    const other = await t.newMerchant();
    const otherToken = hmacSha256Hex(WEBHOOK_SECRET, 'x'); // not how tokens are made: any other string
    for (const path of [`${base}/pix`, `${base}/${token.slice(0, -1)}${token.endsWith('A') ? 'E' : 'A'}/pix`, `${base}/${otherToken}/pix`, base.replace(encodeId('merchant', t.merchant.merchantId), encodeId('merchant', other.merchantId)) + `/${token}/pix`]) {
      expect((await callback(raw, path)).statusCode, path).toBe(200);
    }
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('pending');
    const before = server.calls.length;
    await runExpiry(t);
    expect(server.calls.slice(before)).toContain(`GET /v2/cob/${payment.provider_reference}`);
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 5000 });
  });

  it('a callback at the URL without a token counts when its body is signed with the secret (a proxy that checked mTLS may sign it)', async () => {
    const { payment } = await newPayment(5100);
    const raw = psp.pay(payment.provider_reference, t.clock.now());
    const untokened = registeredPath().replace(/\/[^/]+\/pix$/, '/pix');
    await callback(raw, untokened, { [WEBHOOK_SIGNATURE_HEADER]: `sha256=${hmacSha256Hex('not the secret', raw)}` });
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('pending');
    await callback(raw, untokened, { [WEBHOOK_SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(WEBHOOK_SECRET, raw)}` });
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body.status).toBe('succeeded');
  });

  it('the old query-string URL is no callback URL of ours: 400, nothing moves', async () => {
    const raw = JSON.stringify({ pix: [] });
    const res = await callback(raw, `/hooks/pix/api_pix?merchant=${encodeId('merchant', t.merchant.merchantId)}&livemode=false`);
    expect(res.statusCode).toBe(400);
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

  it('holds no lock while the PSP answers: the order is canceled meanwhile, the payment is refused and its charge removed at the PSP', async () => {
    const order = (await t.request('POST', '/v1/orders', { body: orderBody({ amount: 29727 }) })).body;
    const callsBefore = server.calls.length;
    const starting = t.request('POST', `/v1/orders/${order.id}/payments`, { body: { method: 'pix' } });
    let answered = false;
    void starting.then(() => (answered = true));
    await expect.poll(() => server.calls.slice(callsBefore).some((call) => call.startsWith('PUT /v2/cob/')), { interval: 10 }).toBe(true);
    const canceled = await t.request('POST', `/v1/orders/${order.id}/cancel`);
    expect(canceled.body.status).toBe('canceled');
    expect(answered).toBe(false);
    expectProblem(await starting, 409, 'order_not_payable');
    const cob = [...psp.cobs.values()].find((c) => c.valor.original === '297.27')!;
    expect(cob.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');
    expect((await t.request('GET', `/v1/payments?order=${order.id}`)).body.data).toEqual([]);
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'canceled', payments: [] });
  });

  it('holds no lock while the PSP cancels: the order is updated meanwhile, then the cancellation is recorded', async () => {
    const { order, payment } = await newPayment(8027);
    const callsBefore = server.calls.length;
    const canceling = t.request('POST', `/v1/payments/${payment.id}/cancel`);
    let answered = false;
    void canceling.then(() => (answered = true));
    await expect.poll(() => server.calls.slice(callsBefore).some((call) => call.startsWith('PATCH /v2/cob/')), { interval: 10 }).toBe(true);
    const updated = await t.request('POST', `/v1/orders/${order.id}`, { body: { metadata: { note: 'while canceling' } } });
    expect(updated.status).toBe(200);
    expect(answered).toBe(false);
    expect((await canceling).body).toMatchObject({ id: payment.id, status: 'canceled' });
    expect(psp.cobs.get(payment.provider_reference)!.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');
    expect((await t.request('GET', `/v1/orders/${order.id}`)).body.metadata).toEqual({ note: 'while canceling' });
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

  describe('refunds: devoluções of the transfer received (PUT /v2/pix/{e2eid}/devolucao/{id})', () => {
    async function paidPayment(amount: number) {
      const { order, payment } = await newPayment(amount);
      await callback(psp.pay(payment.provider_reference, t.clock.now()));
      const paid = (await t.request('GET', `/v1/payments/${payment.id}`)).body;
      expect(paid.status).toBe('succeeded');
      return { order, payment: paid };
    }
    const devolucaoOf = (payment: { provider_metadata: { end_to_end_id: string } }, refund: { reference: string }) =>
      psp.devolucoes.get(`${payment.provider_metadata.end_to_end_id}/${refund.reference}`);

    it('asks the devolução of the end-to-end id with the refund as its id; DEVOLVIDO succeeds', async () => {
      const { order, payment } = await paidPayment(8000);
      const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 3000, reason: 'Produto devolvido' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(server.calls).toContain(`PUT /v2/pix/${payment.provider_metadata.end_to_end_id}/devolucao/${res.body.reference}`);
      expect(devolucaoOf(payment, res.body)).toMatchObject({ valor: '30.00', status: 'DEVOLVIDO' });
      expect(res.body).toMatchObject({ status: 'succeeded', provider: 'api_pix', provider_metadata: { devolucao_id: res.body.reference, return_id: devolucaoOf(payment, res.body)!.rtrId } });
      expect((await t.request('GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'partially_refunded', amount_refunded: 3000 });
    });

    it('NAO_REALIZADO fails the refund with the reason; EM_PROCESSAMENTO stays pending until a query reads DEVOLVIDO', async () => {
      const { payment } = await paidPayment(9000);
      const refused = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 1005 } });
      expect(refused.body).toMatchObject({ status: 'failed', failure_code: 'devolucao_not_made', failure_message: 'Conta do pagador encerrada' });
      const processing = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 1007 } });
      expect(processing.body.status).toBe('pending');
      devolucaoOf(payment, processing.body)!.status = 'DEVOLVIDO';
      t.clock.advance(10_000);
      await runExpiry(t);
      expect((await t.request('GET', `/v1/refunds/${processing.body.id}`)).body.status).toBe('succeeded');
    });

    it("a callback listing the transfer's devoluções makes the job ask about them at once, and only the query moves the refund", async () => {
      const { payment } = await paidPayment(9300);
      const processing = (await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 2007 } })).body;
      expect(processing.status).toBe('pending');
      const devolucao = devolucaoOf(payment, processing)!;
      const transfer = psp.cobs.get(payment.provider_reference)!.pix![0]!;
      // Told DEVOLVIDO, unverified (no token): nothing moves until the PSP, asked, says so too.
      const untokened = registeredPath().replace(/\/[^/]+\/pix$/, '/pix');
      expect((await callback(JSON.stringify({ pix: [{ ...transfer, devolucoes: [{ ...devolucao, status: 'DEVOLVIDO' }] }] }), untokened)).statusCode).toBe(200);
      await runExpiry(t);
      expect((await t.request('GET', `/v1/refunds/${processing.id}`)).body.status).toBe('pending');
      devolucao.status = 'DEVOLVIDO';
      expect((await callback(JSON.stringify({ pix: [{ ...transfer, devolucoes: [devolucao] }] }))).statusCode).toBe(200);
      await runExpiry(t);
      expect((await t.request('GET', `/v1/refunds/${processing.id}`)).body.status).toBe('succeeded');
      expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 9300 });
    });

    it('a PSP that times out leaves the refund pending; the query finds the devolução made, and no second one is asked', async () => {
      const { payment } = await paidPayment(9100);
      const lost = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 1013 } });
      expect(lost.body.status).toBe('pending');
      const before = server.calls.length;
      t.clock.advance(10_000);
      await runExpiry(t);
      expect(server.calls.slice(before).filter((c) => c.includes('/devolucao/'))).toEqual([`GET /v2/pix/${payment.provider_metadata.end_to_end_id}/devolucao/${lost.body.reference}`]);
      expect((await t.request('GET', `/v1/refunds/${lost.body.id}`)).body.status).toBe('succeeded');
    });

    it("the PSP's refusal (400: more than the transfer) fails the refund with its title", async () => {
      const { payment } = await paidPayment(9200);
      // Returned outside the service (in the PSP's portal): the PSP has less left than the service thinks.
      const e2eid = payment.provider_metadata.end_to_end_id;
      psp.devolucoes.set(`${e2eid}/portal`, { id: 'portal', rtrId: 'D0', valor: '90.00', status: 'DEVOLVIDO' });
      const res = await t.request('POST', '/v1/refunds', { body: { payment: payment.id, amount: 500 } });
      expect(res.body).toMatchObject({ status: 'failed', failure_code: 'provider_400', failure_message: 'Valor da devolução excede o valor do Pix' });
    });
  });

  describe('what creates nothing (not_sent, so the request can be retried)', () => {
    const ctxOf = (account: unknown) => ({ db: t.db, clock: systemClock, merchantId: t.merchant.merchantId, livemode: true, account: account as never, documentUrl: () => '' });
    const request = { paymentId: 'x', amount: 100, currency: 'BRL', expiresAt: new Date(Date.now() + 60_000), reference: null, description: null, payer: null };

    it('is the live provider by default, and a PSP that cannot be reached creates nothing', async () => {
      const live = await t.request('POST', '/v1/settings/payments', { token: t.merchant.live, body: { pix: { key: KEY, merchant_name: 'Loja Azul', merchant_city: 'Recife' } } });
      expect(live.body.pix.provider).toBe('api_pix');
      const down = apiPixConnector({ url: 'http://127.0.0.1:1', clientId: 'a', clientSecret: 'b', webhookSecret: undefined, timeoutMs: 1000 }, 'https://payorders.example');
      expect((await down.create(ctxOf(live.body.pix), request)).outcome).toBe('not_sent');
    });

    it('without the client certificate, with one from another CA, or not trusting the PSP’s server certificate', async () => {
      const account = { provider: 'api_pix', key: KEY, merchant_name: 'Loja Azul', merchant_city: 'Recife' };
      const certs = server.certificates;
      const [tokens, cobs] = [server.tokensIssued, psp.cobs.size];
      const configs = [
        server.config({ clientCertificate: undefined }),
        server.config({ clientCertificate: certs.strangerClient }),
        server.config({ caFile: undefined }),
      ];
      // Refused at the first request, for a token, which is always safe to repeat: a stranger's certificate gets a bare reset.
      const messages = [/TLS handshake.*CERTIFICATE_REQUIRED/, /connection to the provider failed|TLS handshake/, /TLS handshake.*(SELF_SIGNED|UNABLE_TO_VERIFY)/];
      for (const [i, config] of configs.entries()) {
        const answer = await apiPixConnector(config, 'https://payorders.example').create(ctxOf(account), request);
        expect(answer, JSON.stringify(config.clientCertificate)).toMatchObject({ outcome: 'not_sent', message: expect.stringMatching(messages[i]!) });
      }
      expect([server.tokensIssued, psp.cobs.size]).toEqual([tokens, cobs]);
    });
  });
});
