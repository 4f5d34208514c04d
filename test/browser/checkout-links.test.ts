import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutFixture, checkState, latestPayment, MERCHANT_RETURN, payAtSandbox, plain, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('pt-BR');
});
afterAll(() => f.close());

async function visit(url: string) {
  await f.page.goto(`${f.origin}${new URL(url).pathname}`);
  await f.page.waitForSelector('html[data-ready="1"]');
  return new URL(f.page.url()).pathname;
}

const ordersOf = async (linkId: string) =>
  (await f.t.request('GET', '/v1/orders?limit=100')).body.data.filter((o: { metadata: Record<string, string> }) => o.metadata.payment_link === linkId);

describe('hosted checkout in a browser: payment links', () => {
  it('reusable: visited twice, two orders, each its own checkout; one is paid and the other still open', async () => {
    const link = (await f.t.request('POST', '/v1/payment_links', { body: { amount: 4990, currency: 'BRL', description: 'Aula de violão', reusable: true, locale: 'pt-BR' } })).body;
    const first = await visit(link.url);
    expect(first).toMatch(/^\/c\//);
    expect(plain(await f.page.locator('[data-amount]').textContent())).toBe('R$ 49,90');
    expect(await f.page.getByText('Aula de violão').count()).toBe(1);
    await checkState(f.page, 'link-reusable-first');
    const second = await visit(link.url);
    expect(second).not.toBe(first);
    const orders = await ordersOf(link.id);
    expect(orders).toHaveLength(2);
    await f.page.getByRole('button', { name: 'Pagar com Pix' }).click();
    await f.page.waitForSelector('#pix-code');
    const paidOrder = orders.find((o: { checkout_url: string }) => new URL(o.checkout_url).pathname === second);
    await payAtSandbox(f.t, (await latestPayment(f.t, paidOrder.id)).id);
    await f.page.getByRole('heading', { name: 'Pagamento recebido' }).waitFor();
    expect((await ordersOf(link.id)).map((o: { status: string }) => o.status).sort()).toEqual(['open', 'paid']);
  });

  it('single-use: the visit makes its order, a revisit reopens it, and after payment the link says it was used', async () => {
    const link = (await f.t.request('POST', '/v1/payment_links', { body: { amount: 29700, currency: 'BRL', locale: 'pt-BR', redirect_url: MERCHANT_RETURN } })).body;
    const path = await visit(link.url);
    expect(await visit(link.url)).toBe(path);
    await f.page.getByRole('button', { name: 'Pagar com Pix' }).click();
    await f.page.waitForSelector('#pix-code');
    const [order] = await ordersOf(link.id);
    await payAtSandbox(f.t, (await latestPayment(f.t, order.id)).id);
    await f.page.waitForURL(MERCHANT_RETURN);
    const res = await f.page.goto(`${f.origin}${new URL(link.url).pathname}`);
    expect(res!.status()).toBe(410);
    await f.page.getByRole('heading', { name: 'Este link de pagamento já foi usado' }).waitFor();
    await checkState(f.page, 'link-single-use-used');
    expect(await ordersOf(link.id)).toHaveLength(1);
  });
});
