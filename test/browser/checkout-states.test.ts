import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/domain/ids.js';
import { paybyrd, v1OrderId } from '../compat/faces.js';
import { runExpiry } from '../jobs.js';
import { checkoutFixture, checkState, createOrder, latestPayment, MERCHANT_RETURN, openCheckoutPage, payAtSandbox, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('en-US');
});
afterAll(() => f.close());

const PNG_LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==';

describe('hosted checkout in a browser: the states an order ends in', () => {
  it('expired: the open page turns into a clear expired page when the order expires, and takes no payment', async () => {
    const order = await createOrder(f.t, { expires_at: new Date(f.t.clock.now().getTime() + 10 * 60_000).toISOString() });
    await openCheckoutPage(f, order.checkout_url);
    expect(await f.page.locator('[role=timer]').textContent()).toMatch(/^(10:00|09:5\d)$/);
    await f.page.getByRole('button', { name: 'Pay with Pix' }).click();
    await f.page.waitForSelector('#pix-code');
    f.t.clock.advance(11 * 60_000);
    await runExpiry(f.t);
    await f.page.getByRole('heading', { name: 'This payment has expired' }).waitFor();
    await checkState(f.page, 'expired');
    // Its documents and payments are no more: the Pix QR is gone, a payment is refused and nothing is made.
    const path = new URL(order.checkout_url).pathname;
    const pay = await f.t.app.inject({ method: 'POST', url: `${path}/pay`, payload: 'method=boleto', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([pay.statusCode, pay.headers.location]).toEqual([303, path]);
    expect((await f.t.request('GET', `/v1/orders/${order.id}/payments`)).body.data.map((p: { method: string }) => p.method)).toEqual(['pix']);
    const qr = (await latestPayment(f.t, order.id)).id;
    expect((await f.t.app.inject({ url: `${path}/payments/${qr}/qr.svg` })).statusCode).toBe(404);
  });

  it('cancel: the payer cancels from the page, the order is canceled by the checkout, and the page says so', async () => {
    const order = await createOrder(f.t);
    await openCheckoutPage(f, order.checkout_url);
    await f.page.getByRole('button', { name: 'Cancel payment' }).click();
    await f.page.getByRole('heading', { name: 'This payment was canceled' }).waitFor();
    await checkState(f.page, 'canceled');
    expect((await f.t.request('GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    const events = await f.t.request('GET', `/v1/events?object=${order.id}`);
    expect(events.body.data[0]).toMatchObject({ type: 'order.canceled', actor: { type: 'checkout', id: order.id } });
  });

  it('attempts: with max_attempts 1 one payment is all; after it fails the page explains, and offers nothing more', async () => {
    const m = await f.t.newMerchant();
    await f.t.request('POST', '/v1/settings/checkout', { token: m.token, body: { max_attempts: 1, allow_cancel: false } });
    const order = (await f.t.request('POST', '/v1/orders', { token: m.token, body: { amount: 5000, currency: 'BRL' } })).body;
    await openCheckoutPage(f, order.checkout_url);
    expect(await f.page.getByRole('button', { name: 'Cancel payment' }).count()).toBe(0);
    await f.page.getByRole('button', { name: 'Pay with Boleto' }).click();
    await f.page.waitForSelector('#boleto-line');
    expect(await f.page.getByText('Choose another way to pay').count()).toBe(0);
    const payment = (await f.t.request('GET', `/v1/orders/${order.id}/payments`, { token: m.token })).body.data[0];
    expect((await f.t.request('POST', `/v1/test_helpers/payments/${payment.id}/fail`, { token: m.token, body: {} })).status).toBe(200);
    await f.page.getByText('This order has had too many payment attempts').waitFor();
    expect(await f.page.getByRole('button', { name: /^Pay with/ }).count()).toBe(0);
    await checkState(f.page, 'attempts-exhausted');
  });

  it('keyboard only: Tab walks the methods in reading order, Enter picks one, and the code and its copy button come next', async () => {
    const order = await createOrder(f.t, { payment_methods: ['pix', 'boleto'] });
    await openCheckoutPage(f, order.checkout_url);
    const focused = () => f.page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string; id: string } | null } }).document.activeElement;
      return el ? `${el.tagName.toLowerCase()}:${el.id || el.textContent!.trim()}` : '';
    });
    const stops: string[] = [];
    for (let i = 0; i < 3; i++) {
      await f.page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops).toEqual(['button:Pay with Pix', 'button:Pay with Boleto', 'button:Cancel payment']);
    await f.page.keyboard.press('Shift+Tab');
    await f.page.keyboard.press('Shift+Tab');
    await f.page.keyboard.press('Enter');
    await f.page.waitForSelector('#pix-code');
    await f.page.waitForSelector('html[data-ready="1"]');
    const after: string[] = [];
    for (let i = 0; i < 3; i++) {
      await f.page.keyboard.press('Tab');
      after.push(await focused());
    }
    expect(after).toEqual(['textarea:pix-code', 'button:Copy', 'summary:Choose another way to pay']);
    await checkState(f.page, 'keyboard-pix');
  });

  it('a key no order has: a clear page, not an error', async () => {
    const res = await f.page.goto(`${f.origin}/c/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res!.status()).toBe(404);
    await f.page.getByRole('heading', { name: 'Payment not found' }).waitFor();
    await checkState(f.page, 'not-found');
  });

  it("the merchant's branding, and a Paybyrd order's return with its orderId and transactionId", async () => {
    await f.t.request('POST', '/v1/settings/checkout', { body: { display_name: 'Loja Amarela', logo: PNG_LOGO, accent_color: '#ffcc00' } });
    const accent = (await f.t.request('GET', '/v1/settings/checkout')).body.accent_color_used;
    const created = await paybyrd(f.t, 'POST', '/api/v2/orders', { body: { isoAmount: 1990, currency: 'BRL', orderRef: 'PB-1', orderOptions: { redirectUrl: MERCHANT_RETURN } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const orderId = v1OrderId(created.body.orderId);
    const order = (await f.t.request('GET', `/v1/orders/${orderId}`)).body;
    await openCheckoutPage(f, order.checkout_url);
    expect(await f.page.locator('.merchant').textContent()).toBe('Loja Amarela');
    expect(await f.page.locator('img.logo').getAttribute('alt')).toBe('Loja Amarela');
    expect(await f.page.locator('img.logo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    const background = await f.page.getByRole('button', { name: 'Pay with Pix' }).evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(accent.slice(i, i + 2), 16));
    expect(background).toBe(`rgb(${r}, ${g}, ${b})`);
    await checkState(f.page, 'branded');
    await f.page.getByRole('button', { name: 'Pay with Pix' }).click();
    await f.page.waitForSelector('#pix-code');
    const payment = await latestPayment(f.t, order.id);
    await payAtSandbox(f.t, payment.id);
    await f.page.waitForURL((url) => url.origin === 'https://merchant.example');
    const back = new URL(f.page.url());
    expect(back.pathname).toBe('/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({ orderId: created.body.orderId, transactionId: decodeId('payment', payment.id) });
  });
});
