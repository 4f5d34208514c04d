import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { decodeQr, gridFromSvg } from '../../src/rails/pix/qr-reader.test-helper.js';
import { createServer, type AddressInfo } from 'node:net';
import { expectAccessible, launchBrowser, screenshot } from '../browser.js';
import { fill, messagesFor } from '../../src/checkout/messages.js';
import type { Config } from '../../src/config.js';
import { orderBody, startTestApp, type TestApp } from '../helpers.js';

/** Where orders send the payer back to: answered by the browser context itself, never the network. */
export const MERCHANT_RETURN = 'https://merchant.example/return';

export interface CheckoutFixture {
  t: TestApp;
  origin: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A loopback port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One app on a loopback port, one Chromium and one page for the whole test file. PUBLIC_BASE_URL is that
 * port's address, so the URLs the service hands out (checkout_url, a 3-D Secure challenge's) are real.
 */
export async function checkoutFixture(locale = 'en-US', config: Partial<Config> = {}): Promise<CheckoutFixture> {
  const port = await freePort();
  const t = await startTestApp({ publicBaseUrl: `http://127.0.0.1:${port}`, ...config });
  const origin = await t.app.listen({ host: '127.0.0.1', port });
  const browser = await launchBrowser();
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
  await context.route('https://merchant.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Merchant</title><h1>Back at the merchant</h1></html>' }),
  );
  const page = await context.newPage();
  return {
    t,
    origin,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

export async function createOrder(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/v1/orders', { body: orderBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; checkout_url: string; [field: string]: unknown };
}

/**
 * Opens a checkout URL (the API's, on whatever base it names) on the test server and waits for its script;
 * answers when the page became interactive, in ms from the start of its navigation by the browser's clock.
 */
export async function openCheckoutPage(f: CheckoutFixture, checkoutUrl: string, page = f.page): Promise<number> {
  await page.goto(`${f.origin}${new URL(checkoutUrl).pathname}`);
  await page.waitForSelector('html[data-ready="1"]');
  return Number(await page.locator('html').getAttribute('data-ready-ms'));
}

/** What the payer types into the card form, found by its labels in the locale's messages; nothing of it is posted to the checkout (the fields have no names). */
/**
 * Reloads the page after the test moved the clock. The page may reload itself first (its live status sees
 * what the clock changed, a session's end say), which aborts this reload: the page's own load then shows
 * the same, and the test's next wait finds it.
 */
export async function reloadAfterClockMoved(page: Page): Promise<void> {
  await page.reload().catch((error: Error) => {
    if (!/ERR_ABORTED|frame was detached/.test(error.message)) throw error;
  });
}

export async function fillCard(page: Page, locale: string, number: string): Promise<void> {
  const m = messagesFor(locale);
  await page.getByText(fill(m.pay_with!, { method: m.method_card! }), { exact: true }).click();
  await page.getByLabel(m.card_number!).fill(number);
  await page.getByLabel(m.card_expiry!).fill('12/34');
  await page.getByLabel(m.card_cvc!).fill('123');
  await page.getByLabel(m.card_holder!).fill('Maria Silva');
}

/** Intl's spaces (no-break, narrow no-break) as plain ones, to compare with the spelling. */
export const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/** The newest payment of the order, through /v1. */
export async function latestPayment(t: TestApp, orderId: string) {
  const res = await t.request('GET', `/v1/orders/${orderId}/payments`);
  expect(res.status).toBe(200);
  return res.body.data[0];
}

/** Reads the QR image the page shows, as the browser fetched it, with the test's own decoder. */
export async function shownQrText(page: Page): Promise<string> {
  const src = await page.locator('img.qr').getAttribute('src');
  const res = await page.request.get(new URL(src!, page.url()).toString());
  expect(res.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  return decodeQr(gridFromSvg(await res.text()).grid).text;
}

/** Every state a test reaches: accessible (axe: no serious or critical violation) and saved as test-results/<name>.png. */
export async function checkState(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page);
}

/** The payer pays the sandbox payment, as the test helper route does. */
export async function payAtSandbox(t: TestApp, paymentId: string, amount?: number) {
  const res = await t.request('POST', `/v1/test_helpers/payments/${paymentId}/pay`, { body: amount === undefined ? {} : { amount } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
