import { AppError } from './errors.js';

/**
 * ISO 4217 active currencies and their minor-unit exponents. Codes not listed here are refused.
 * Precious metals, testing and "no currency" codes (XAU, XTS, XXX, …) are left out on purpose.
 */
const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENT_4 = 'CLF UYW';
const EXPONENT_2 =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
  'CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL ' +
  'MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR ' +
  'PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP ' +
  'TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

const EXPONENTS = new Map<string, number>();
for (const [codes, exponent] of [
  [EXPONENT_0, 0],
  [EXPONENT_2, 2],
  [EXPONENT_3, 3],
  [EXPONENT_4, 4],
] as const) {
  for (const code of codes.split(' ')) EXPONENTS.set(code, exponent);
}

/** Largest amount in minor units any order may carry: well inside Number.MAX_SAFE_INTEGER, so sums stay exact. */
export const MAX_AMOUNT = 999_999_999_999_99;

export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

/** Normalizes a currency code (case-insensitive input) or throws a field error for `param`. */
export function requireCurrency(code: string, param: string): string {
  const upper = code.toUpperCase();
  if (!EXPONENTS.has(upper)) {
    throw AppError.invalidField(param, 'unsupported_currency', `${code} is not a supported ISO 4217 currency`);
  }
  return upper;
}

/**
 * Parses a decimal string in major units ("200.00", "5", "0.5") into minor units, exactly (no floats).
 * More fraction digits than the currency has is an error, never a silent rounding.
 */
export function parseDecimalAmount(text: string, currency: string, param = 'amount'): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    throw AppError.invalidField('currency', 'unsupported_currency', `${currency} is not a supported currency`);
  }
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(text);
  if (!match) throw AppError.invalidField(param, 'invalid_amount', 'must be a decimal number such as "200.00"');
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw AppError.invalidField(param, 'invalid_amount', `${currency} has ${exponent} decimal places`);
  }
  const minor = BigInt(match[1]!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0n) throw AppError.invalidField(param, 'invalid_amount', 'must be greater than zero');
  if (minor > BigInt(MAX_AMOUNT)) throw AppError.invalidField(param, 'invalid_amount', 'is too large');
  return Number(minor);
}
