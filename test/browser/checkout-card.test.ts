import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutFixture, checkState, fillCard as fillCardIn, createOrder, latestPayment, MERCHANT_RETURN, openCheckoutPage, plain, type CheckoutFixture } from './checkout-fixture.js';

let f: CheckoutFixture;
beforeAll(async () => {
  f = await checkoutFixture('pt-BR');
});
afterAll(() => f.close());

const fillCard = (number: string) => fillCardIn(f.page, 'pt-BR', number);

describe('hosted checkout in a browser: card', () => {
  it('the card form tokenizes with the publishable key, the checkout pays with the token only, in 3 installments', async () => {
    const order = await createOrder(f.t, { amount: 29700, redirect_url: MERCHANT_RETURN });
    await openCheckoutPage(f, order.checkout_url);
    const form = f.page.locator('#card-form');
    expect(await form.getAttribute('data-publishable-key')).toMatch(/^pk_test_/);
    await fillCard('4242 4242 4242 4242');
    expect(plain(await f.page.locator('#installments option[value="3"]').textContent())).toBe('3x de R$ 99,00');
    await f.page.getByLabel('Parcelas').selectOption('3');
    await checkState(f.page, 'card-form');

    const posted: string[] = [];
    f.page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(`${new URL(request.url()).pathname} ${request.postData() ?? ''}`);
    });
    await f.page.getByRole('button', { name: 'Pagar R$ 297,00' }).click();
    await f.page.getByRole('heading', { name: 'Pagamento recebido' }).waitFor();
    await checkState(f.page, 'card-receipt');
    // The card number went to /v1/tokens only; the checkout got the token and the installments.
    expect(posted[0]).toMatch(/^\/v1\/tokens .*4242 4242 4242 4242/);
    expect(posted[1]).toMatch(/^\/c\/[\w-]+\/pay method=card&token=tok_\w+&installments=3$/);
    const payment = await latestPayment(f.t, order.id);
    expect(payment).toMatchObject({ method: 'card', status: 'succeeded', amount: 29700 });
    await f.page.waitForURL(MERCHANT_RETURN);
  });

  it('a declined card: the payment is recorded failed and the page says why, and the payer may try again', async () => {
    const order = await createOrder(f.t, { amount: 5000 });
    await openCheckoutPage(f, order.checkout_url);
    await fillCard('4000000000000002');
    await f.page.getByRole('button', { name: 'Pagar R$ 50,00' }).click();
    await f.page.getByText('O pagamento não foi concluído').waitFor();
    await checkState(f.page, 'card-declined');
    expect(await latestPayment(f.t, order.id)).toMatchObject({ method: 'card', status: 'failed' });
    expect(await f.page.getByText('Pagar com Cartão').count()).toBe(1);
  });

  it('a card the tokenizer refuses: the form shows the reason and nothing is posted to the checkout', async () => {
    const order = await createOrder(f.t, { amount: 5000 });
    await openCheckoutPage(f, order.checkout_url);
    await fillCard('4242424242424241');
    await f.page.getByRole('button', { name: 'Pagar R$ 50,00' }).click();
    await f.page.locator('#card-error').waitFor({ state: 'visible' });
    expect(await f.page.locator('#card-error').textContent()).toMatch(/\S/);
    await checkState(f.page, 'card-refused');
    expect((await f.t.request('GET', `/v1/orders/${order.id}/payments`)).body.data).toEqual([]);
  });

  it('3-D Secure: a card that needs a challenge sends the payer to it; passed, the payer is back on the checkout, paid, then at redirect_url', async () => {
    const order = await createOrder(f.t, { amount: 8000, redirect_url: MERCHANT_RETURN });
    await openCheckoutPage(f, order.checkout_url);
    await fillCard('4000000000003220');
    const challenge = f.page.waitForRequest((request) => request.isNavigationRequest() && !new URL(request.url()).pathname.startsWith('/c/'));
    await f.page.getByRole('button', { name: 'Pagar R$ 80,00' }).click();
    const sentTo = (await challenge).url();
    const payment = await latestPayment(f.t, order.id);
    expect(payment).toMatchObject({ method: 'card', status: 'requires_action', next_action: { type: 'redirect' } });
    expect(sentTo).toBe(payment.next_action.url);
    await f.page.getByRole('button', { name: 'Pass authentication' }).click();
    await f.page.getByRole('heading', { name: 'Pagamento recebido' }).waitFor();
    expect(new URL(f.page.url()).pathname).toBe(new URL(order.checkout_url).pathname);
    await checkState(f.page, 'card-3ds-passed');
    await f.page.waitForURL(MERCHANT_RETURN);
    expect(await latestPayment(f.t, order.id)).toMatchObject({ status: 'succeeded' });
  });

  it('3-D Secure failed: back on the checkout, which says the payment did not go through and offers the methods again', async () => {
    const order = await createOrder(f.t, { amount: 8000, redirect_url: MERCHANT_RETURN });
    await openCheckoutPage(f, order.checkout_url);
    await fillCard('4000000000003220');
    await f.page.getByRole('button', { name: 'Pagar R$ 80,00' }).click();
    await f.page.getByRole('button', { name: 'Fail authentication' }).click();
    await f.page.getByText('O pagamento não foi concluído').waitFor();
    expect(new URL(f.page.url()).pathname).toBe(new URL(order.checkout_url).pathname);
    expect(await latestPayment(f.t, order.id)).toMatchObject({ method: 'card', status: 'failed' });
    expect(await f.page.getByRole('button', { name: 'Pagar com Pix' }).count()).toBe(1);
    await checkState(f.page, 'card-3ds-failed');
  });
});
