/**
 * Card numbers (PANs): the Luhn check digit (ISO/IEC 7812-1 Annex B) and the brand the issuer
 * identification number names. Pure; a number is never logged or kept by anything in this folder.
 */

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'elo', 'hipercard', 'maestro', 'discover'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** The Luhn (mod 10) check over every digit, the last being the check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

type Range = readonly [low: number, high: number];
interface BrandRule {
  brand: CardBrand;
  /** Ranges of the number's first `digits` digits. */
  digits: number;
  ranges: readonly Range[];
  lengths: readonly number[];
}

const one = (...prefixes: number[]): Range[] => prefixes.map((p) => [p, p]);

/**
 * The published IIN ranges, the domestic Brazilian schemes first: Elo's and Hipercard's BINs sit inside
 * ranges the international schemes' rules would otherwise claim (Elo's 4011 78 looks like Visa, its 65
 * like Discover). Elo: the scheme's BIN table (as Cielo, Adyen and Stripe publish it); Hipercard: 606282
 * and 3841 x0; Discover: 6011, 622126-622925 (UnionPay co-branded), 644-649, 65; Mastercard 2221-2720
 * and 51-55; Maestro: 50, 56-69 not claimed above; Amex 34/37 (15 digits).
 */
const RULES: readonly BrandRule[] = [
  {
    brand: 'elo',
    digits: 6,
    ranges: [
      ...one(401178, 401179, 431274, 438935, 451416, 457393, 457631, 457632, 504175, 627780, 636297, 636368),
      [506699, 506778],
      [509000, 509999],
      [650031, 650033],
      [650035, 650051],
      [650405, 650439],
      [650485, 650538],
      [650541, 650598],
      [650700, 650718],
      [650720, 650727],
      [650901, 650978],
      [651652, 651679],
      [655000, 655019],
      [655021, 655058],
    ],
    lengths: [16],
  },
  { brand: 'hipercard', digits: 6, ranges: one(606282, 384100, 384140, 384160, 637095, 637568, 637599, 637609, 637612), lengths: [13, 16, 19] },
  { brand: 'amex', digits: 2, ranges: one(34, 37), lengths: [15] },
  { brand: 'visa', digits: 1, ranges: one(4), lengths: [13, 16, 19] },
  { brand: 'mastercard', digits: 4, ranges: [[2221, 2720], [5100, 5599]], lengths: [16] },
  { brand: 'discover', digits: 6, ranges: [[601100, 601199], [622126, 622925], [644000, 659999]], lengths: [16, 17, 18, 19] },
  { brand: 'maestro', digits: 2, ranges: [[50, 50], [56, 69]], lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

/** The brand of a number by its leading digits (before its length or check digit are known to be right), or null. */
export function cardBrand(digits: string): CardBrand | null {
  for (const rule of RULES) {
    if (digits.length < rule.digits) continue;
    const prefix = Number(digits.slice(0, rule.digits));
    if (rule.ranges.some(([low, high]) => prefix >= low && prefix <= high)) return rule.brand;
  }
  return null;
}

export type CardNumberProblem = 'not_digits' | 'unknown_brand' | 'invalid_length' | 'invalid_check_digit';

/** A number as typed (spaces and dashes between digit groups allowed) → its digits and brand, or what is wrong with it. */
export function parseCardNumber(input: string): { digits: string; brand: CardBrand } | { problem: CardNumberProblem } {
  const digits = input.replace(/[ -]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return { problem: 'not_digits' };
  const brand = cardBrand(digits);
  const rule = brand && RULES.find((r) => r.brand === brand)!;
  if (!rule) return { problem: 'unknown_brand' };
  if (!rule.lengths.includes(digits.length)) return { problem: 'invalid_length' };
  if (!luhnValid(digits)) return { problem: 'invalid_check_digit' };
  return { digits, brand: rule.brand };
}

/** Amex prints a 4-digit CID on the front; the other brands a 3-digit CVC/CVV on the back. */
export const cvcLength = (brand: CardBrand) => (brand === 'amex' ? 4 : 3);
