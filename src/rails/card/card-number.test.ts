import { describe, expect, it } from 'vitest';
import { cardBrand, luhnValid, parseCardNumber } from './card-number.js';
import { TEST_CARDS } from './test-cards.js';

/**
 * Published test numbers: Stripe's testing page (Visa, Mastercard 2-series, Amex, Discover), Adyen's test
 * card numbers (Elo, Hipercard, Maestro) and Cielo's sandbox page (Elo, Hipercard).
 */
const PUBLISHED: Array<[string, string]> = [
  ['4242424242424242', 'visa'],
  ['4000056655665556', 'visa'],
  ['4111111111111111', 'visa'],
  ['5555555555554444', 'mastercard'],
  ['2223003122003222', 'mastercard'],
  ['5105105105105100', 'mastercard'],
  ['378282246310005', 'amex'],
  ['371449635398431', 'amex'],
  ['6011111111111117', 'discover'],
  ['6011000990139424', 'discover'],
  ['5066991111111118', 'elo'],
  ['6362970000457013', 'elo'],
  ['6062825624254001', 'hipercard'],
  ['6062826786276634', 'hipercard'],
  ['6771798021000008', 'maestro'],
];

describe('card numbers', () => {
  it.each(PUBLISHED)('%s is a valid %s', (number, brand) => {
    expect(luhnValid(number)).toBe(true);
    expect(parseCardNumber(number)).toEqual({ digits: number, brand });
  });

  it("reads Stripe's test cards as Visa or Mastercard, all Luhn-valid", () => {
    for (const number of Object.keys(TEST_CARDS)) expect(parseCardNumber(number)).toEqual({ digits: number, brand: number.startsWith('5') ? 'mastercard' : 'visa' });
  });

  it('takes the digit groups as typed', () => {
    expect(parseCardNumber('4242 4242 4242 4242')).toEqual({ digits: '4242424242424242', brand: 'visa' });
    expect(parseCardNumber('3782-822463-10005')).toEqual({ digits: '378282246310005', brand: 'amex' });
  });

  it('says what is wrong with a number', () => {
    expect(parseCardNumber('4242424242424241')).toEqual({ problem: 'invalid_check_digit' });
    expect(parseCardNumber('37828224631000')).toEqual({ problem: 'invalid_length' });
    expect(parseCardNumber('4242x42424242424')).toEqual({ problem: 'not_digits' });
    expect(parseCardNumber('42')).toEqual({ problem: 'not_digits' });
    // Diners Club (36) is none of the brands taken.
    expect(parseCardNumber('36227206271667')).toEqual({ problem: 'unknown_brand' });
  });

  it('puts the Brazilian schemes before the ranges they sit in', () => {
    expect(cardBrand('401178')).toBe('elo');
    expect(cardBrand('401177')).toBe('visa');
    expect(cardBrand('650031')).toBe('elo');
    expect(cardBrand('650030')).toBe('discover');
    expect(cardBrand('606282')).toBe('hipercard');
    expect(cardBrand('622126')).toBe('discover');
    expect(cardBrand('2720')).toBe('mastercard');
    expect(cardBrand('2721')).toBeNull();
  });

  it('computes Luhn as ISO/IEC 7812 does', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});
