import { describe, it } from 'vitest';
import { BAD_CPF, CARD, certopayApp, expectNestError, newCustomer, tokenizeBody } from '../fixture.js';

const { cp } = await certopayApp();

describe('POST /api/payment-gateway/tokenize-card (CertoPay): refusals', () => {
  it.each([
    [{ cpf: BAD_CPF }, 'cpf must be a valid CPF (11 digits, no punctuation)'],
    [{ number: '1234' }, 'number is not 12 to 19 digits'],
    [{ number: '4242424242424241' }, 'number fails its check digit (Luhn)'],
    [{ cvv: 'abc' }, 'cvv must be 3 digits for visa'],
    [{ brand: 'Mastercard' }, 'brand is Mastercard but the number is a visa card'],
    [{ birthDate: '17/05/1990' }, 'birthDate must be YYYY-MM-DD'],
    [{ number: undefined }, 'number is required'],
    [{ expYear: '2019' }, 'expYear with exp_month is in the past: the card has expired'],
  ])('answers 400 to %o: "%s"', async (overrides, message) => {
    const customer = await newCustomer(cp);
    expectNestError(await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(customer.id, overrides) }), 400, message);
  });

  it('answers 404 for a customer that does not exist', async () => {
    expectNestError(await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody('00000000-0000-7000-8000-000000000000', CARD) }), 404, 'Customer not found');
  });
});
