import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itfBars, WIDE_TO_NARROW } from './itf.js';
import { PUBLISHED_VECTORS } from './published-vectors.fixture.js';

/** ISO/IEC 16390's digit table for interleaved 2 of 5: five elements, two of them wide. */
const DIGIT_PATTERNS = ['NNWWN', 'WNNNW', 'NWNNW', 'WWNNN', 'NNWNW', 'WNWNN', 'NWWNN', 'NNNWW', 'WNNWN', 'NWNWN'];

/** Bars and spaces alternately, starting with a bar: start NNNN, pairs interleaved (first digit in bars), stop WNN. */
function referenceElements(digits: string): string {
  let elements = 'NNNN';
  for (let i = 0; i < digits.length; i += 2) {
    const bars = DIGIT_PATTERNS[Number(digits[i])]!;
    const spaces = DIGIT_PATTERNS[Number(digits[i + 1])]!;
    for (let k = 0; k < 5; k++) elements += bars[k]! + spaces[k]!;
  }
  return elements + 'WNN';
}

function barsOf(elements: string): { x: number; width: number }[] {
  const bars: { x: number; width: number }[] = [];
  let x = 0;
  [...elements].forEach((element, index) => {
    const width = element === 'W' ? WIDE_TO_NARROW : 1;
    if (index % 2 === 0) bars.push({ x, width });
    x += width;
  });
  return bars;
}

describe('ITF-25 through bwip-js', () => {
  it('encodes 1234 as the standard says, element by element', () => {
    // start N N N N | 1 = WNNNW in the bars, 2 = NWNNW in the spaces | 3 = WWNNN bars, 4 = NNWNW spaces | stop W N N
    const elements = 'NNNN' + 'WNNWNNNNWW' + 'WNWNNWNNNW' + 'WNN';
    expect(referenceElements('1234')).toBe(elements);
    const symbol = itfBars('1234');
    expect(symbol.bars).toEqual(barsOf(elements));
    expect(symbol.bars.slice(0, 4)).toEqual([
      { x: 0, width: 1 },
      { x: 2, width: 1 },
      { x: 4, width: 3 },
      { x: 8, width: 1 },
    ]);
    // 4 (start) + 2 × (3 + 2 × 3 + 3 + 2 × 3) + 5 (stop)
    expect(symbol.modules).toBe(45);
  });

  it('draws a 44-digit boleto barcode in 405 modules: 22 pairs, start and stop', () => {
    const symbol = itfBars(PUBLISHED_VECTORS[0]!.barcode);
    expect(symbol.modules).toBe(405);
    expect(symbol.bars).toHaveLength(2 + 22 * 5 + 2);
    expect(symbol.bars).toEqual(barsOf(referenceElements(PUBLISHED_VECTORS[0]!.barcode)));
  });

  it('agrees with the reference table for any barcode', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{44}$/), (digits) => {
        expect(itfBars(digits).bars).toEqual(barsOf(referenceElements(digits)));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses an odd number of digits, which bwip-js would pad with a 0 into another number', () => {
    expect(() => itfBars('123')).toThrow(expect.objectContaining({ reason: 'not_digits' }));
    expect(() => itfBars('12a4')).toThrow();
  });
});
