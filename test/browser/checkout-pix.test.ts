import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../browser.js';
import { checkoutFixture, checkState, createOrder, latestPayment, MERCHANT_RETURN, openCheckoutPage, payAtSandbox, plain, shownQrText, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('pt-BR');
});
afterAll(() => f.close());

describe('hosted checkout in a browser: Pix', () => {
  it('the payer picks Pix, reads the QR (it decodes to the copy-paste code), pays, sees it live and is sent back to redirect_url', async () => {
    const order = await createOrder(f.t, { amount: 29700, locale: 'pt-BR', redirect_url: MERCHANT_RETURN, reference: 'PED-1' });
    const { page } = f;
    const interactiveMs = await openCheckoutPage(f, order.checkout_url);
    expect(interactiveMs).toBeLessThan(1000);
    expect(plain(await page.locator('[data-amount]').textContent())).toBe('R$ 297,00');
    await checkState(page, 'pix-choose');

    await page.getByRole('button', { name: 'Pagar com Pix' }).click();
    await page.waitForSelector('textarea#pix-code');
    await page.waitForSelector('html[data-ready="1"]');
    const code = await page.locator('#pix-code').inputValue();
    expect(code).toMatch(/^000201.*br\.gov\.bcb\.pix.*5406297\.00.*6304[0-9A-F]{4}$/);
    expect(await shownQrText(page)).toBe(code);
    // The copy button appears with the script and puts the code on the clipboard.
    await f.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: f.origin });
    await page.getByRole('button', { name: 'Copiar' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(code);
    await expect.poll(() => page.getByRole('button', { name: 'Copiado' }).count()).toBe(1);
    await checkState(page, 'pix-instructions');

    // Only the order's page changes: the sandbox pays, the event stream tells the page, the receipt shows.
    const payment = await latestPayment(f.t, order.id);
    expect(payment).toMatchObject({ method: 'pix', status: 'pending', instructions: { emv: code } });
    await payAtSandbox(f.t, payment.id);
    await page.getByRole('heading', { name: 'Pagamento recebido' }).waitFor();
    await checkState(page, 'pix-receipt');
    expect(plain(await page.locator('.receipt').textContent())).toContain('PED-1');
    await page.waitForURL(MERCHANT_RETURN);
  });

  it('stays within its budgets: HTML, CSS and JS under 100 KB together', async () => {
    const order = await createOrder(f.t, { locale: 'pt-BR' });
    const path = new URL(order.checkout_url).pathname;
    await f.t.app.inject({ method: 'POST', url: `${path}/pay`, payload: 'method=pix', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const sizes = await Promise.all([path, '/checkout/assets/checkout.css', '/checkout/assets/checkout.js'].map(async (url) => (await f.t.app.inject({ url })).rawPayload.length));
    expect(sizes[0]).toBeGreaterThan(2000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(100 * 1024);
  });

  it('is readable with JavaScript off: the code is in the HTML and the status shows on reload', async () => {
    const order = await createOrder(f.t, { locale: 'pt-BR' });
    const context = await f.browser.newContext({ javaScriptEnabled: false, locale: 'pt-BR' });
    try {
      const page = await context.newPage();
      await page.goto(`${f.origin}${new URL(order.checkout_url).pathname}`);
      await page.getByRole('button', { name: 'Pagar com Pix' }).click();
      const code = await page.locator('#pix-code').inputValue();
      expect(await shownQrText(page)).toBe(code);
      expect(await page.getByRole('button', { name: 'Copiar' }).isVisible()).toBe(false);
      // axe runs as page script, which this context refuses; the same page with the script was checked above.
      await screenshot(page, 'pix-no-javascript');
      await payAtSandbox(f.t, (await latestPayment(f.t, order.id)).id);
      await page.reload();
      await page.getByRole('heading', { name: 'Pagamento recebido' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
