import { describe, expect, it } from 'vitest';
import { currencyExponent, MAX_AMOUNT, parseDecimalAmount } from './money.js';

describe('money', () => {
  it('knows ISO 4217 exponents: 0, 2, 3 and 4 decimals', () => {
    expect(['JPY', 'BRL', 'KWD', 'CLF'].map(currencyExponent)).toEqual([0, 2, 3, 4]);
    expect(currencyExponent('XXX')).toBeUndefined();
  });

  it('parses decimal strings exactly, never through a float', () => {
    expect(parseDecimalAmount('200.00', 'BRL')).toBe(20000);
    expect(parseDecimalAmount('0.29', 'USD')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parseDecimalAmount('1.005', 'KWD')).toBe(1005);
    expect(parseDecimalAmount('295', 'JPY')).toBe(295);
    expect(parseDecimalAmount('999999999999.99', 'EUR')).toBe(MAX_AMOUNT);
  });

  it('refuses more decimals than the currency has, and anything that is not a plain positive decimal', () => {
    for (const [text, currency] of [['200.001', 'BRL'], ['1.5', 'JPY'], ['-1.00', 'BRL'], ['1e3', 'USD'], ['0.00', 'USD'], [' 1', 'USD'], ['1000000000000.00', 'EUR']]) {
      expect(() => parseDecimalAmount(text!, currency!), `${text} ${currency}`).toThrow();
    }
  });
});
