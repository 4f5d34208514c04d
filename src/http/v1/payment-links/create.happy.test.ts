import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Visits the link's short URL as a browser would; answers where it was sent (the checkout's path) or the page's status. */
async function visit(url: string) {
  const res = await t.app.inject({ url: new URL(url).pathname });
  return { status: res.statusCode, location: res.headers.location as string | undefined, type: String(res.headers['content-type']), body: res.body };
}

describe('payment links', () => {
  it('POST /v1/payment_links answers a plink_ with its short URL; GET and the list show it', async () => {
    const res = await t.request('POST', '/v1/payment_links', {
      body: { amount_decimal: '49.90', currency: 'brl', description: 'Aula de violão', payment_methods: ['pix'], locale: 'pt-BR', reusable: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      object: 'payment_link',
      livemode: false,
      amount: 4990,
      currency: 'BRL',
      description: 'Aula de violão',
      reusable: true,
      payment_methods: ['pix'],
      active: true,
      orders_created: 0,
      order: null,
      expires_at: null,
    });
    expect(res.body.id).toMatch(/^plink_[0-9a-z]{26}$/);
    expect(res.body.url).toMatch(new RegExp(`^${t.services.config.publicBaseUrl}/l/[A-Za-z0-9_-]{11}$`));
    expect((await t.request('GET', `/v1/payment_links/${res.body.id}`)).body).toEqual(res.body);
    const list = await t.request('GET', '/v1/payment_links?limit=100');
    expect(list.body.data.map((l: { id: string }) => l.id)).toContain(res.body.id);
  });

  it('reusable: every visit makes an order with the link\'s terms and opens its checkout', async () => {
    const link = (await t.request('POST', '/v1/payment_links', { body: { amount: 1500, currency: 'BRL', description: 'Doação', reusable: true } })).body;
    const first = await visit(link.url);
    const second = await visit(link.url);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.location).toMatch(/^\/c\/[A-Za-z0-9_-]{22}$/);
    expect(second.location).not.toBe(first.location);
    const orders = (await t.request('GET', '/v1/orders?limit=100')).body.data.filter((o: { metadata: Record<string, string> }) => o.metadata.payment_link === link.id);
    expect(orders).toHaveLength(2);
    expect(orders[0]).toMatchObject({ amount: 1500, currency: 'BRL', description: 'Doação', status: 'open' });
    expect(orders.map((o: { checkout_url: string }) => new URL(o.checkout_url).pathname).sort()).toEqual([first.location, second.location].sort());
    expect((await t.request('GET', `/v1/payment_links/${link.id}`)).body.orders_created).toBe(2);
    // The order's event says a payer on the link made it.
    const events = await t.request('GET', `/v1/events?object=${orders[0].id}`);
    expect(events.body.data[0].actor).toEqual({ type: 'checkout', id: link.id });
  });

  it('single-use: the first visit makes the only order, a second reopens it; once it is paid the link says it was used', async () => {
    const link = (await t.request('POST', '/v1/payment_links', { body: { amount: 2000, currency: 'BRL' } })).body;
    expect(link.reusable).toBe(false);
    const [a, b] = await Promise.all([visit(link.url), visit(link.url)]);
    expect(b.location).toBe(a.location);
    const retrieved = (await t.request('GET', `/v1/payment_links/${link.id}`)).body;
    expect(retrieved).toMatchObject({ orders_created: 1, order: expect.stringMatching(/^ord_/) });
    await t.request('POST', `/v1/orders/${retrieved.order}/cancel`, { body: {} });
    const used = await visit(link.url);
    expect(used.status).toBe(410);
    expect(used.body).toContain('This payment link has already been used');
  });

  it('a deactivated or expired link takes no visits; an unknown code is a clear 404 page', async () => {
    const link = (await t.request('POST', '/v1/payment_links', { body: { amount: 990, currency: 'EUR', locale: 'pt-PT', reusable: true } })).body;
    const off = await t.request('POST', `/v1/payment_links/${link.id}/deactivate`, { body: {} });
    expect(off.body).toMatchObject({ active: false });
    expect((await t.request('POST', `/v1/payment_links/${link.id}/deactivate`, { body: {} })).status).toBe(200);
    const gone = await visit(link.url);
    expect(gone.status).toBe(410);
    expect(gone.body).toContain('Este link de pagamento já não está ativo');
    expect((await t.request('GET', '/v1/payment_links?active=false&limit=100')).body.data.map((l: { id: string }) => l.id)).toContain(link.id);

    const expiring = (await t.request('POST', '/v1/payment_links', { body: { amount: 990, currency: 'EUR', reusable: true, expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString() } })).body;
    expect((await visit(expiring.url)).status).toBe(303);
    t.clock.advance(61_000);
    expect((await visit(expiring.url)).status).toBe(410);
    const unknown = await visit(`${t.services.config.publicBaseUrl}/l/AAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^text\/html/);
    expect(unknown.body).toContain('Payment not found');
  });
});
