import { describe, expect, it } from 'vitest';
import { CARD, certopayApp, newCustomer, tokenizeBody } from '../fixture.js';

const { cp } = await certopayApp();

describe('POST /api/payment-gateway/tokenize-card (CertoPay)', () => {
  it('answers 200 with a cardToken, the brand and last four digits; nothing of the number or CVV beyond them', async () => {
    const customer = await newCustomer(cp);
    const res = await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(customer.id) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ cardToken: expect.stringMatching(/^tok_[0-9a-z]{26}$/), brand: 'visa', lastFourDigits: '4242', expiresAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain(CARD.number);
  });

  it('takes the expiry as numbers or 4-digit years, the number with spaces, Mastercard and Elo', async () => {
    const customer = await newCustomer(cp);
    for (const card of [
      { number: '5555 5555 5555 4444', brand: 'Mastercard', expMonth: 1, expYear: 2031 },
      { number: '6362970000457013', brand: 'Elo', expMonth: '07', expYear: '2029' },
    ]) {
      const res = await cp('POST', '/api/payment-gateway/tokenize-card', { body: tokenizeBody(customer.id, card) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.brand).toBe(card.brand.toLowerCase());
    }
  });
});
