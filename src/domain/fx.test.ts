import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convert,
  formatDecimal,
  fxConfirmationPostings,
  isBalancedPerCurrency,
  marketValue,
  parseRate,
  quotePayment,
  toOrderCurrency,
  withSpread,
} from './fx.js';
import { AppError } from './errors.js';

const rateOf = (rate: string) => ({ base: 'X', quote: 'Y', rate, source: 'operator', fetchedAt: new Date(0) });
const price = (amount: number, from: string, to: string, rate: string, spread = 0) => quotePayment(amount, from, to, rateOf(rate), spread, new Date(0)).amount;

describe('FX conversion, rounded half up to the minor unit of the currency paid in', () => {
  // Each expected value worked by hand from the decimal product, not from this code.
  it.each([
    // [order minor units, from, to, rate, spread bp, expected minor units, the exact product in the target's major units]
    [10000, 'USD', 'BRL', '5.4321', 0, 54321, '543.21'],
    [1, 'USD', 'BRL', '5.4321', 0, 5, '0.054321'],
    [1, 'USD', 'BRL', '5.45', 0, 5, '0.0545'],
    [1, 'USD', 'BRL', '5.5', 0, 6, '0.055 (a tie: up)'],
    [1001, 'USD', 'JPY', '150.123', 0, 1503, '1502.73123'],
    [1000, 'USD', 'JPY', '149.95', 0, 1500, '1499.5 (a tie: up)'],
    [1000, 'USD', 'JPY', '149.949999', 0, 1499, '1499.49999'],
    [100, 'USD', 'KWD', '0.307654', 0, 308, '0.307654 (3 decimals)'],
    [100, 'USD', 'USDT', '0.99987654321', 0, 999877, '0.99987654321 (6 decimals)'],
    [12345, 'USD', 'USDT', '1.000123', 0, 123465184, '123.46518435'],
    [1001, 'BHD', 'JPY', '400', 0, 400, '400.4 (3 to 0 decimals)'],
    [1, 'JPY', 'USD', '0.0066', 0, 1, '0.0066'],
    [3, 'EUR', 'USD', '0.333333333333', 0, 1, '0.00999999999999'],
    [10000, 'USD', 'BRL', '5.4321', 150, 55136, '551.358150 (5.4321 × 1.015 = 5.5135815)'],
    [999999, 'ARS', 'USD', '0.000987654321098765432109', 0, 988, '9.87653333444...'],
  ])('%i %s → %s at %s (+%i bp) = %i (%s)', (amount, from, to, rate, spread, expected) => {
    expect(price(amount, from, to, rate, spread)).toBe(expected);
  });

  it('never errs by more than half a minor unit of the target, whatever the rate (exact check by cross-multiplication)', () => {
    const currencies = ['JPY', 'USD', 'KWD', 'USDT'] as const;
    const exponent = { JPY: 0, USD: 2, KWD: 3, USDT: 6 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(...currencies),
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 12 }),
        (amount, from, to, digits, scale) => {
          const rate = { digits, scale };
          const got = convert(amount, from, to, rate);
          // exact = amount × digits × 10^e(to) / 10^(scale + e(from)); |got − exact| ≤ 1/2 ⇔ |2·got·den − 2·num| ≤ den
          const num = BigInt(amount) * digits * 10n ** BigInt(exponent[to]);
          const den = 10n ** BigInt(scale + exponent[from]);
          const diff = 2n * got * den - 2n * num;
          expect(diff <= den && -diff <= den).toBe(true);
          // half up: a tie goes to the larger amount
          if (diff === -den) throw new Error('a tie rounded down');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('applies the spread on the rate, exactly, before the one rounding', () => {
    expect(formatDecimal(withSpread(parseRate('5.4321', 'rate'), 150))).toBe('5.5135815');
    expect(formatDecimal(withSpread(parseRate('1', 'rate'), 1))).toBe('1.0001');
    const { quote } = quotePayment(10000, 'USD', 'BRL', rateOf('5.4321'), 150, new Date('2026-01-01T00:15:00Z'));
    expect(quote).toMatchObject({ orderCurrency: 'USD', orderAmount: 10000, rate: '5.4321', rateApplied: '5.5135815', spreadBasisPoints: 150, source: 'operator' });
  });

  it('refuses a conversion that rounds to nothing or past the largest amount, naming currency', () => {
    expect(() => price(1, 'JPY', 'USD', '0.0049')).toThrow(/less than half a minor unit of USD/);
    expect(() => price(99999999999999, 'USD', 'USDT', '1')).toThrow(/too large/);
    try {
      price(1, 'JPY', 'USD', '0.0049');
    } catch (error) {
      expect((error as AppError).fields[0]).toMatchObject({ path: '/currency', code: 'amount_too_small' });
    }
  });

  it.each(['', '0', '0.000', '-1', '1e3', '5,43', ' 5.4', '5.', '.5', 1.5, null, '1234567890123', '1.1234567890123456789012345'])('refuses the rate %j', (rate) => {
    expect(() => parseRate(rate, 'rates/0/rate')).toThrow(AppError);
  });

  it('reads rates as written: no float ever rounds them', () => {
    expect(parseRate('0.1', 'r')).toEqual({ digits: 1n, scale: 1 });
    expect(formatDecimal(parseRate('5.43210000', 'r'))).toBe('5.4321');
    expect(formatDecimal(parseRate('000123.000', 'r'))).toBe('123');
    expect(formatDecimal({ digits: 5n, scale: 4 })).toBe('0.0005');
    // 0.1 + 0.2 in floats is 0.30000000000000004; 10 × 0.3 must be exactly 3 units
    expect(price(1000, 'USD', 'USD', '0.3')).toBe(300);
  });
});

describe('what a payment in another currency counts for in the order', () => {
  const quote = { orderAmount: 1001 };
  it('the exact amount counts as exactly the order amount, whatever the rounding', () => {
    // 1.001 BHD at 400 JPY is 400.4 JPY, asked as 400: paying 400 counts 1.001 BHD, not 1.000.
    expect(toOrderCurrency(quote, 400, 400)).toBe(1001);
  });
  it('less or more counts in proportion, rounded half up, never as nothing', () => {
    expect(toOrderCurrency(quote, 400, 200)).toBe(501); // 500.5 → 501
    expect(toOrderCurrency(quote, 400, 401)).toBe(1004); // 1003.5025 → 1004
    expect(toOrderCurrency({ orderAmount: 100 }, 5_000_000, 1)).toBe(1);
  });
  it('values what was received at the market rate, without the spread', () => {
    // 551.36 BRL at 5.4321 is 101.50126…  USD
    expect(marketValue({ orderCurrency: 'USD', rate: '5.4321' }, 'BRL', 55136)).toBe(10150);
    expect(marketValue({ orderCurrency: 'USD', rate: '1.000123' }, 'USDT', 123465184)).toBe(12345);
  });
});

describe('the ledger of a payment in another currency', () => {
  it('posts both legs, each currency summing to zero, with the FX difference in fx_spread', () => {
    const postings = fxConfirmationPostings({ payCurrency: 'BRL', received: 55136, marketValue: 10150, counted: 10000, excess: 0, fee: 99, availableAtOnce: true });
    expect(postings).toEqual(
      expect.arrayContaining([
        { account: 'payer_funds', amount: -55136, currency: 'BRL' },
        { account: 'fx_conversion', amount: 55136, currency: 'BRL' },
        { account: 'fx_conversion', amount: -10150 },
        { account: 'fx_spread', amount: 150 },
        { account: 'fees', amount: 99 },
        { account: 'merchant_available', amount: 9901 },
      ]),
    );
    expect(postings).toHaveLength(6);
    expect(isBalancedPerCurrency(postings, 'USD')).toBe(true);
  });
  it('an overpayment owes the excess back in the order currency', () => {
    const postings = fxConfirmationPostings({ payCurrency: 'USDT', received: 2_000_000, marketValue: 200, counted: 100, excess: 100, fee: 0, availableAtOnce: false });
    expect(postings).toEqual(expect.arrayContaining([{ account: 'owed_to_payers', amount: 100 }, { account: 'merchant_pending', amount: 100 }]));
    expect(postings.find((p) => p.account === 'fx_spread')).toBeUndefined();
    expect(isBalancedPerCurrency(postings, 'USD')).toBe(true);
  });
});
