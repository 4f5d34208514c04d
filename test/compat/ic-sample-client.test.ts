import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeId } from '../../src/domain/ids.js';
import { BLOCK_MS, CONFIRMATIONS_MS, icClient, paymentOf, sandboxTron, setRates, type Ic } from '../../src/compat/ic/fixture.js';
import { startTestApp, type TestApp } from '../helpers.js';
import { runExpiry } from '../jobs.js';
import { pay } from '../payments.js';
import { createEndpoint, startReceiver } from '../webhooks.js';

/**
 * An IC integration as the guide has it written, pointed at Payorders by its base URL: a branch user signs in,
 * creates orders, and confirms them the guide's way (BRL: poll the order; USDT: poll the tron "webhook" until
 * providerMetadata, then the order until completed). The payer pays through the sandbox. IC documents no push
 * notification; the same orders' events reach the merchant's /v1 webhook endpoint, signed with Standard Webhooks.
 */

const t: TestApp = await startTestApp();
const receiver = await startReceiver();
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** The sample client: the guide's calls, in its order, and nothing else. */
function sampleClient(api: Ic) {
  return {
    createOrder: async (amount: string, currency: string) => {
      const res = await api('POST', '/api/v1/payment/order', { body: JSON.stringify({ amount, currency }), headers: { 'content-type': 'application/json' } });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; qrData: string; walletAddress?: string; paymentAmount: string };
    },
    getOrder: async (id: string) => (await api('GET', `/api/v1/payment/order/${id}`, { headers: { 'content-type': 'application/json' } })).body,
    confirmTron: async (id: string) => (await api('POST', `/api/v1/payment/webhook/${id}/tron`)).body,
  };
}

describe('an IC sample client against Payorders', () => {
  it('signs in a branch user, creates a BRL and a USDT order, confirms both the guide\'s way; the /v1 webhook receives the paid orders, verifiably signed', async () => {
    await setRates(t, t.merchant.token);
    const endpoint = await createEndpoint(t, receiver.url, { enabled_events: ['order.paid'] });
    const [, , branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const login = await icClient(t)('POST', '/api/v1/auth/login', { token: null, body: { email: branchUser!.email, password: branchUser!.password } });
    expect(login.status).toBe(200);
    const client = sampleClient(icClient(t, login.body.accessToken));
    const tron = sandboxTron(t);

    // BRL: the payer pays the Pix QR; the client polls until a terminal status.
    const brl = await client.createOrder('200.00', 'BRL');
    expect((await client.getOrder(brl.id)).status).toBe('pending');
    await pay(t, await paymentOf(t, brl.id));
    expect(await client.getOrder(brl.id)).toMatchObject({ status: 'completed', totalAmount: '200.00', pendingAmount: '0.00' });

    // USDT: stage 1, poll the tron endpoint until providerMetadata; stage 2, poll the order until completed.
    const usdt = await client.createOrder('500.00', 'USDT');
    await pay(t, await paymentOf(t, usdt.id));
    let polls = 0;
    while (!(await client.confirmTron(usdt.id)).providerMetadata) {
      expect(++polls).toBeLessThan(5);
      await tron.advance(BLOCK_MS);
    }
    expect((await client.getOrder(usdt.id)).status).toBe('pending');
    for (let waited = 0; (await client.getOrder(usdt.id)).status === 'pending'; waited += 15_000) {
      expect(waited).toBeLessThan(CONFIRMATIONS_MS + 30_000);
      await tron.advance(15_000); // the guide's polling interval
    }
    expect(await client.getOrder(usdt.id)).toMatchObject({ status: 'completed', totalAmount: '500.00' });

    await runExpiry(t);
    const paid = receiver.requests.map((r) => ({ request: r, body: JSON.parse(r.body) }));
    expect(paid.map(({ body }) => body.type)).toEqual(['order.paid', 'order.paid']);
    expect(paid.map(({ body }) => body.data.object.id).sort()).toEqual([encodeId('order', brl.id), encodeId('order', usdt.id)].sort());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t.clock.now());
    try {
      for (const { request, body } of paid) expect(new Webhook(endpoint.secret).verify(request.body, request.headers as Record<string, string>)).toEqual(body);
    } finally {
      vi.useRealTimers();
    }
  });
});
