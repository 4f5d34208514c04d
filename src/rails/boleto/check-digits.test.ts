import { describe, expect, it } from 'vitest';
import { barcodeCheckDigit, mod10, mod11WeightedSum } from './check-digits.js';

describe('módulo 10 (digitable-line fields, Itaú DACs)', () => {
  it("reproduces Itaú's worked example: 0057 12345 110 12345678 totals 72, DAC 8", () => {
    expect(mod10('00571234511012345678')).toBe(8);
  });

  it('sums the digits of two-digit products', () => {
    // 9 × 2 = 18 counts 1 + 8 = 9 → DV 1; adding 18 itself would give DV 2.
    expect(mod10('9')).toBe(1);
    // 5 × 2 = 10 counts 1 → DV 9.
    expect(mod10('5')).toBe(9);
  });

  it('gives 0, not 10, when the sum is a multiple of 10', () => {
    // 0536789000 from the right: 0,0,0, 9×2=18→9, 8, 7×2=14→5, 6, 3×2=6, 5, 0 → Σ = 30 → (10 − 0) mod 10 = 0.
    expect(mod10('0536789000')).toBe(0);
    expect(mod10('0000000000')).toBe(0);
  });
});

describe('módulo 11, the general check digit', () => {
  it('cycles the weights 2..9 from the right', () => {
    expect(mod11WeightedSum('123')).toBe(3 * 2 + 2 * 3 + 1 * 4);
    expect(mod11WeightedSum('10000000')).toBe(9); // eighth from the right: weight 9
    expect(mod11WeightedSum('100000000')).toBe(2); // ninth: back to 2
  });

  it('turns the 11 of remainder 0 and the 10 of remainder 1 into 1', () => {
    const cases: [digits: string, sum: number, checkDigit: number][] = [
      ['10000001', 11, 1], // 9 + 2: remainder 0 → 11 → 1
      ['00000000', 0, 1], // remainder 0 again: an all-zero payload is valid and gets DV 1
      ['10000010', 12, 1], // 9 + 3: remainder 1 → 10 → 1
      ['2000011', 21, 1], // 2×8 + 3 + 2: remainder 10 → 11 − 10 = 1, an ordinary 1
      ['10000100', 13, 9], // 9 + 4: remainder 2 → 9
      ['1', 2, 9], // remainder 2 → 9
      ['2', 4, 7],
    ];
    for (const [digits, sum, checkDigit] of cases) {
      expect(mod11WeightedSum(digits), digits).toBe(sum);
      expect(barcodeCheckDigit(digits), digits).toBe(checkDigit);
    }
  });
});
