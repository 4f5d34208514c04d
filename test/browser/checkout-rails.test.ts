import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxChainOf } from '../../src/rails/usdt-trc20/rail.js';
import { BLOCK_MS } from '../../src/rails/usdt-trc20/fake-chain.js';
import { runExpiry } from '../jobs.js';
import { checkoutFixture, checkState, createOrder, latestPayment, MERCHANT_RETURN, openCheckoutPage, payAtSandbox, plain, shownQrText, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  // The checkout's stream looks again this often: a USDT transfer seen on the chain is no order event.
  f = await checkoutFixture('en-US', { streamHeartbeatMs: 300 });
  sandboxChainOf(f.t.services.config.usdt).useClock(f.t.clock);
});
afterAll(() => f.close());

/**
 * Reads interleaved 2 of 5 back from the bars the page drew (their x and width), independently of the code
 * that drew them: start NNNN, then each digit pair as five bars (the first digit) interleaved with five
 * spaces (the second), two of each five wide, weighted 1 2 4 7 0 (11 is 0), then stop WNN.
 */
function readItf(bars: Array<{ x: number; width: number }>): string {
  const widths = bars.flatMap((bar, i) => (i + 1 < bars.length ? [bar.width, bars[i + 1]!.x - bar.x - bar.width] : [bar.width]));
  const wide = (w: number) => w > 1.5;
  expect(widths.slice(0, 4).some(wide)).toBe(false);
  expect(widths.slice(-3).map(wide)).toEqual([true, false, false]);
  const digit = (five: number[]) => {
    expect(five.filter(wide)).toHaveLength(2);
    return String(five.reduce((sum, w, i) => sum + (wide(w) ? [1, 2, 4, 7, 0][i]! : 0), 0) % 11);
  };
  let digits = '';
  for (let at = 4; at < widths.length - 3; at += 10) {
    const pair = widths.slice(at, at + 10);
    digits += digit(pair.filter((_, i) => i % 2 === 0)) + digit(pair.filter((_, i) => i % 2 === 1));
  }
  return digits;
}

async function choose(method: string) {
  await f.page.getByRole('button', { name: `Pay with ${method}` }).click();
  await f.page.waitForSelector('section.instructions');
  await f.page.waitForSelector('html[data-ready="1"]');
}

async function expectReceiptThenReturn(name: string) {
  await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
  await checkState(f.page, name);
  await f.page.waitForURL(MERCHANT_RETURN);
}

describe('hosted checkout in a browser: boleto, the Argentine QR, USDT with FX', () => {
  it('boleto: digitable line with copy, the barcode drawn from the same number, the PDF; paid at the sandbox', async () => {
    const order = await createOrder(f.t, { amount: 15990, locale: 'en-US', redirect_url: MERCHANT_RETURN, payment_methods: ['boleto', 'pix'] });
    await openCheckoutPage(f, order.checkout_url);
    expect(await f.page.getByRole('button', { name: /^Pay with/ }).allTextContents()).toEqual(['Pay with Pix', 'Pay with Boleto']);
    await choose('Boleto');
    const payment = await latestPayment(f.t, order.id);
    expect(await f.page.locator('#boleto-line').inputValue()).toBe(payment.instructions.digitable_line_formatted);
    expect(await f.page.locator('.barcode svg').getAttribute('aria-label')).toBe(`Barcode: ${payment.instructions.barcode}`);
    const rects = await f.page.locator('.barcode rect').evaluateAll((nodes) =>
      nodes.map((n) => ({ x: Number((n as unknown as { getAttribute(a: string): string }).getAttribute('x')), width: Number((n as unknown as { getAttribute(a: string): string }).getAttribute('width')) })),
    );
    expect(readItf(rects)).toBe(payment.instructions.barcode);
    const pdf = await f.page.request.get(new URL((await f.page.getByRole('link', { name: 'Download the boleto (PDF)' }).getAttribute('href'))!, f.page.url()).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await checkState(f.page, 'boleto-instructions');
    await payAtSandbox(f.t, payment.id);
    await expectReceiptThenReturn('boleto-receipt');
  });

  it('Argentine transfer QR: the QR decodes to the payment\'s payload, CBU and reference shown; paid at the sandbox', async () => {
    const order = await createOrder(f.t, { amount: 1234550, currency: 'ARS', locale: 'es-AR', redirect_url: MERCHANT_RETURN });
    await openCheckoutPage(f, order.checkout_url);
    expect(plain(await f.page.locator('[data-amount]').textContent())).toBe('$ 12.345,50');
    await f.page.getByRole('button', { name: 'Pagar con Transferencia con QR' }).click();
    await f.page.waitForSelector('section.instructions');
    const payment = await latestPayment(f.t, order.id);
    expect(await shownQrText(f.page)).toBe(payment.instructions.emv);
    expect(await f.page.locator('dd').allTextContents()).toEqual([payment.instructions.cbu, payment.instructions.reference]);
    await checkState(f.page, 'ar-qr-instructions');
    await payAtSandbox(f.t, payment.id);
    await f.page.getByRole('heading', { name: 'Pago recibido' }).waitFor();
    await f.page.waitForURL(MERCHANT_RETURN);
  });

  it('USDT-TRC20 for a USD order: both amounts and the quote\'s expiry, address and exact amount, TRC20 warning, the transfer seen, then confirmed', async () => {
    await f.t.request('PUT', '/v1/fx/rates', { body: { rates: [{ base: 'USD', quote: 'USDT', rate: '1.0002' }] } });
    const order = await createOrder(f.t, { amount: 10000, currency: 'USD', locale: 'en-US', redirect_url: MERCHANT_RETURN });
    await openCheckoutPage(f, order.checkout_url);
    expect(plain(await f.page.locator('[data-amount]').textContent())).toBe('$100.00');
    await choose('USDT (TRC20)');
    const payment = await latestPayment(f.t, order.id);
    const text = plain(await f.page.locator('section.instructions').textContent());
    expect(text).toContain('You pay 100.020000 USDT');
    expect(text).toContain('Rate: 1 USD = 1.0002 USDT');
    expect(text).toMatch(/This rate holds until .*UTC/);
    expect(text).toContain('Only USDT on the TRON network (TRC20)');
    expect(text).toContain('Confirmations needed: 19');
    expect(await f.page.locator('#usdt-amount').inputValue()).toBe('100.020000');
    expect(await f.page.locator('#usdt-address').inputValue()).toBe(payment.instructions.address);
    expect(await shownQrText(f.page)).toBe(payment.instructions.address);
    await checkState(f.page, 'usdt-instructions');

    await payAtSandbox(f.t, payment.id);
    f.t.clock.advance(BLOCK_MS);
    await runExpiry(f.t);
    const seen = f.page.getByText(/^Transfer seen: about \d+ of 19 confirmations$/);
    await seen.waitFor();
    const first = Number(/about (\d+)/.exec((await seen.textContent())!)![1]);
    await checkState(f.page, 'usdt-seen');
    // Confirmations show as they arrive: ten blocks later, ten more.
    f.t.clock.advance(10 * BLOCK_MS);
    await f.page.getByText(`Transfer seen: about ${first + 10} of 19 confirmations`).waitFor();
    f.t.clock.advance(9 * BLOCK_MS);
    await runExpiry(f.t);
    await expectReceiptThenReturn('usdt-receipt');
  });
});
