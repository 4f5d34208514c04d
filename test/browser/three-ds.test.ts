import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, listenForBrowser, screenshot } from '../browser.js';
import { startTestApp, type TestApp } from '../helpers.js';
import { getOrder } from '../payments.js';
import { payByCard } from '../payments-card.js';

/** The merchant's page the payer returns to: on the test's own origin, so no name needs resolving. */
let MERCHANT_RETURN: string;

let t: TestApp;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  t = await startTestApp();
  origin = await listenForBrowser(t);
  MERCHANT_RETURN = `${origin}/merchant/after-3ds`;
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The challenge the payment's next_action names, at the address this test serves the app on. */
const challengeAt = (nextAction: { url: string }) => `${origin}${new URL(nextAction.url).pathname}`;

describe('3-D Secure challenge in a browser', () => {
  it('passed with the keyboard alone: the payer returns to the merchant and the payment succeeds', async () => {
    const { order, res } = await payByCard(t, '4000000000003220', {}, { redirect_url: MERCHANT_RETURN });
    expect(res.body.status).toBe('requires_action');
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await page.goto(challengeAt(res.body.next_action));
    await page.getByRole('heading', { name: '3-D Secure test challenge' }).waitFor();
    expect(await page.locator('strong').textContent()).toBe('297.00');
    await expectAccessible(page);
    await screenshot(page, '3ds-challenge');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe('Pass authentication');
    await page.keyboard.press('Enter');
    await page.waitForURL(MERCHANT_RETURN);
    expect(scripts).toEqual([]);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('succeeded');
    expect((await getOrder(t, order.id)).status).toBe('paid');
  });

  it('failed with a click: the payment fails (card_declined), the order may be paid again', async () => {
    const { order, res } = await payByCard(t, '4000000000003220', {}, { redirect_url: MERCHANT_RETURN });
    await page.goto(challengeAt(res.body.next_action));
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    await page.waitForURL(MERCHANT_RETURN);
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body).toMatchObject({ status: 'failed', decline_code: 'card_declined' });
    expect((await getOrder(t, order.id)).status).toBe('open');
    // Back to the challenge: it is over.
    const again = await page.goto(challengeAt(res.body.next_action));
    expect(again?.status()).toBe(410);
    await page.getByRole('heading', { name: 'This challenge is over' }).waitFor();
    await expectAccessible(page);
  });

  it('without a redirect_url, the page says how it went', async () => {
    const { res } = await payByCard(t, '4000002500003155');
    await page.goto(challengeAt(res.body.next_action));
    await page.getByRole('button', { name: 'Pass authentication' }).click();
    await page.getByRole('heading', { name: 'Authentication passed' }).waitFor();
    expect((await t.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('succeeded');
  });
});
