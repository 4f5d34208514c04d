import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/domain/ids.js';
import { paybyrd, v1OrderId } from '../compat/faces.js';
import { checkoutFixture, checkState, fillCard as fillCardIn, latestPayment, MERCHANT_RETURN, openCheckoutPage, reloadAfterClockMoved, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('en-US');
});
afterAll(() => f.close());

/** A Paybyrd order made through its face, and the same order through /v1 (its checkout_url). */
async function paybyrdOrder(paymentOptions: Record<string, unknown>, orderRef = 'PB-CHECKOUT') {
  const created = await paybyrd(f.t, 'POST', '/api/v2/orders', {
    body: { isoAmount: 4990, currency: 'BRL', orderRef, orderOptions: { redirectUrl: MERCHANT_RETURN, expiresIn: '1.00:00:00' }, paymentOptions },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const order = (await f.t.request('GET', `/v1/orders/${v1OrderId(created.body.orderId)}`)).body as { id: string; checkout_url: string; status: string };
  return { paybyrdId: created.body.orderId as string, order, path: new URL(order.checkout_url).pathname };
}

const postPay = (path: string, form: string) =>
  f.t.app.inject({ method: 'POST', url: `${path}/pay`, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

const paymentsOf = async (orderId: string) => (await f.t.request('GET', `/v1/orders/${orderId}/payments`)).body.data as Array<Record<string, any>>;

/** Two card payments through the page in one test: on the shared 2-core box they take longer than the default 30 s. */
const TWO_PAYMENTS_MS = 90_000;

const fillCard = (number: string) => fillCardIn(f.page, 'en-US', number);

describe("hosted checkout in a browser: a Paybyrd order's paymentOptions", () => {
  it('sessionExpiresIn: the page counts down to the session end and says so; after it, a clear page, no payment starts, the order stays open', async () => {
    const { order, path } = await paybyrdOrder({ sessionExpiresIn: '00:10:00' });
    await openCheckoutPage(f, order.checkout_url);
    // The order lives a day and ten minutes; the page takes payments for the session's ten.
    expect(await f.page.locator('[role=timer]').textContent()).toMatch(/^(10:00|09:5\d)$/);
    await f.page.getByText('Start your payment by').waitFor();
    await checkState(f.page, 'paybyrd-session');

    f.t.clock.advance(10 * 60_000 + 1000);
    await reloadAfterClockMoved(f.page);
    await f.page.getByRole('heading', { name: 'The time to pay on this page is over' }).waitFor();
    expect(await f.page.getByRole('button', { name: /^Pay with/ }).count()).toBe(0);
    await checkState(f.page, 'paybyrd-session-ended');
    const pay = await postPay(path, 'method=pix');
    expect([pay.statusCode, pay.headers.location]).toEqual([303, path]);
    expect(await paymentsOf(order.id)).toEqual([]);
    expect((await f.t.request('GET', `/v1/orders/${order.id}`)).body.status).toBe('open');
  });

  it('sessionExpiresIn: a payment started within the session can still be paid after it, and nothing else is offered', async () => {
    const { order, path } = await paybyrdOrder({ sessionExpiresIn: '00:05:00' });
    await openCheckoutPage(f, order.checkout_url);
    await f.page.getByRole('button', { name: 'Pay with Pix' }).click();
    await f.page.waitForSelector('#pix-code');
    f.t.clock.advance(6 * 60_000);
    await reloadAfterClockMoved(f.page);
    await f.page.getByText('No new payment can be started on this page since').waitFor();
    expect(await f.page.locator('#pix-code').count()).toBe(1);
    expect(await f.page.getByText('Choose another way to pay').count()).toBe(0);
    await checkState(f.page, 'paybyrd-session-ended-open');
    const boleto = await postPay(path, 'method=boleto');
    expect(boleto.statusCode).toBe(303);
    expect((await paymentsOf(order.id)).map((p) => p.method)).toEqual(['pix']);
  });

  it('maxAttempts 1: one payment is all; after it fails the page explains and offers nothing more', async () => {
    const { order } = await paybyrdOrder({ maxAttempts: 1 });
    await openCheckoutPage(f, order.checkout_url);
    await f.page.getByRole('button', { name: 'Pay with Boleto' }).click();
    await f.page.waitForSelector('#boleto-line');
    const [payment] = await paymentsOf(order.id);
    expect((await f.t.request('POST', `/v1/test_helpers/payments/${payment!.id}/fail`, { body: {} })).status).toBe(200);
    await f.page.getByText('This order has had too many payment attempts').waitFor();
    expect(await f.page.getByRole('button', { name: /^Pay with/ }).count()).toBe(0);
    await checkState(f.page, 'paybyrd-attempts');
  });

  it('cardOptions.isPreAuth: the card is authorised only, the page says so and returns the payer; the capture API charges it later', async () => {
    const { paybyrdId, order } = await paybyrdOrder({ cardOptions: { isPreAuth: true } });
    await openCheckoutPage(f, order.checkout_url);
    await fillCard('4242 4242 4242 4242');
    await f.page.getByRole('button', { name: 'Pay R$49.90' }).click();
    await f.page.getByRole('heading', { name: 'Payment authorised' }).waitFor();
    await checkState(f.page, 'paybyrd-preauth');
    const payment = await latestPayment(f.t, order.id);
    expect(payment).toMatchObject({ method: 'card', status: 'requires_capture', provider_metadata: { capture_method: 'manual' } });
    await f.page.waitForURL((url) => url.origin === 'https://merchant.example');
    expect(Object.fromEntries(new URL(f.page.url()).searchParams)).toEqual({ orderId: paybyrdId, transactionId: decodeId('payment', payment.id) });
    const captured = await f.t.request('POST', `/v1/payments/${payment.id}/capture`, { body: {} });
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 4990 });
    await f.page.goto(`${f.origin}${new URL(order.checkout_url).pathname}`);
    await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
  });

  it("tokenOptions: the card is saved under customReference; the wallet's next order offers it, and pays with it in one click", async () => {
    const wallet = { customReference: 'WALLET-CHECKOUT-1', tokenizationMethod: 'cardOnFile' };
    const first = await paybyrdOrder({ tokenOptions: wallet }, 'PB-WALLET-1');
    await openCheckoutPage(f, first.order.checkout_url);
    await fillCard('4242 4242 4242 4242');
    expect(await f.page.getByLabel('Save this card with').isChecked()).toBe(true);
    await checkState(f.page, 'paybyrd-token-save');
    await f.page.getByRole('button', { name: 'Pay R$49.90' }).click();
    await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
    const saved = (await f.t.request('GET', `/v1/payment_methods?reference=${wallet.customReference}`)).body.data;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ usage: 'on_session', reference: wallet.customReference, card: { last4: '4242' } });

    const second = await paybyrdOrder({ tokenOptions: wallet }, 'PB-WALLET-2');
    // A card the page did not offer is refused: the key opens this wallet's cards only.
    const other = await postPay(second.path, 'method=card&payment_method=pm_00000000000000000000000000');
    expect([other.statusCode, other.headers.location]).toEqual([303, `${second.path}?notice=failed`]);
    await openCheckoutPage(f, second.order.checkout_url);
    await f.page.getByRole('heading', { name: 'Your saved cards' }).waitFor();
    await checkState(f.page, 'paybyrd-token-saved-cards');
    await f.page.getByRole('button', { name: 'VISA ending in 4242, expires 12/34' }).click();
    await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
    const payment = await latestPayment(f.t, second.order.id);
    expect(payment).toMatchObject({ method: 'card', status: 'succeeded', provider_metadata: { payment_method: saved[0].id } });
  }, TWO_PAYMENTS_MS);

  it('tokenOptions: the payer may leave a card unsaved, unless tokenization is required', async () => {
    const optional = await paybyrdOrder({ tokenOptions: { customReference: 'WALLET-CHECKOUT-2' } }, 'PB-WALLET-3');
    await openCheckoutPage(f, optional.order.checkout_url);
    await fillCard('4242 4242 4242 4242');
    await f.page.getByLabel('Save this card with').uncheck();
    await f.page.getByRole('button', { name: 'Pay R$49.90' }).click();
    await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
    expect((await f.t.request('GET', '/v1/payment_methods?reference=WALLET-CHECKOUT-2')).body.data).toEqual([]);

    const required = await paybyrdOrder({ tokenOptions: { customReference: 'WALLET-CHECKOUT-3', tokenizationIsRequired: true, tokenizationMethod: 'subscription' } }, 'PB-WALLET-4');
    await openCheckoutPage(f, required.order.checkout_url);
    await fillCard('4242 4242 4242 4242');
    expect(await f.page.getByLabel('Save this card with').count()).toBe(0);
    await f.page.getByText('This card will be saved with').waitFor();
    await f.page.getByRole('button', { name: 'Pay R$49.90' }).click();
    await f.page.getByRole('heading', { name: 'Payment received' }).waitFor();
    expect((await f.t.request('GET', '/v1/payment_methods?reference=WALLET-CHECKOUT-3')).body.data).toMatchObject([{ usage: 'off_session' }]);
  }, TWO_PAYMENTS_MS);
});
