import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutFixture, checkState, createOrder, openCheckoutPage, plain, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('en-US');
});
afterAll(() => f.close());

/** Each locale's amount as Intl.NumberFormat writes it, and its page's words (from messages/checkout/). */
const LOCALES = [
  { locale: 'pt-BR', amount: 29700, currency: 'BRL', shown: 'R$ 297,00', choose: 'Escolha como pagar' },
  { locale: 'pt-PT', amount: 12345, currency: 'EUR', shown: '123,45 €', choose: 'Escolha como pagar' },
  { locale: 'es-AR', amount: 1234550, currency: 'ARS', shown: '$ 12.345,50', choose: 'Elegí cómo pagar' },
  { locale: 'en-US', amount: 10000, currency: 'USD', shown: '$100.00', choose: 'Choose how to pay' },
  { locale: 'fr-FR', amount: 12345, currency: 'EUR', shown: '123,45 €', choose: 'Choisissez comment payer' },
  { locale: 'nl-NL', amount: 12345, currency: 'EUR', shown: '€ 123,45', choose: 'Kies hoe u betaalt' },
];

describe('hosted checkout in a browser: languages', () => {
  it.each(LOCALES)("$locale: the page's language, words and amount ($shown)", async ({ locale, amount, currency, shown, choose }) => {
    const order = await createOrder(f.t, { amount, currency, locale });
    await openCheckoutPage(f, order.checkout_url);
    expect(await f.page.locator('html').getAttribute('lang')).toBe(locale);
    expect(plain(await f.page.locator('[data-amount]').textContent())).toBe(shown);
    await f.page.getByRole('heading', { name: choose }).waitFor();
    await checkState(f.page, `locale-${locale}`);
  });

  it("an order without a locale speaks the browser's Accept-Language (by weight), else en-US", async () => {
    const order = await createOrder(f.t, { amount: 12345, currency: 'EUR' });
    const context = await f.browser.newContext({ extraHTTPHeaders: { 'accept-language': 'de-DE, nl;q=0.9, fr;q=0.8' } });
    try {
      const page = await context.newPage();
      await openCheckoutPage(f, order.checkout_url, page);
      expect(await page.locator('html').getAttribute('lang')).toBe('nl-NL');
      expect(plain(await page.locator('[data-amount]').textContent())).toBe('€ 123,45');
    } finally {
      await context.close();
    }
    const page = await f.t.app.inject({ url: new URL(order.checkout_url).pathname, headers: { 'accept-language': 'de-DE' } });
    expect(page.body).toContain('<html lang="en-US">');
  });
});
