import { describe, expect, it } from 'vitest';
import { cbuOf, parseCbu, parseCuit } from './cbu.js';
import { ArQrFormatError } from './errors.js';

// Published vectors, from other implementations' tests and documentation (none from this code):
// 2850590940090418135201 — Banco Macro's example CBU (node "cbu" validator, python-stdnum, Finova's tests);
// 0110599520000000000103 — Banco Nación (Finova's tests); 0070327530004025541644 — Banco Galicia, and
// 0000003100009620154382 — a wallet CVU (a payout API's acceptance tests).
describe('CBU and CVU check digits', () => {
  it.each([
    ['2850590940090418135201', 'cbu'],
    ['0110599520000000000103', 'cbu'],
    ['0070327530004025541644', 'cbu'],
    ['0000003100009620154382', 'cvu'],
    ['2850-5909 4009-0418-1352-01', 'cbu'],
  ])('%s is a valid %s', (input, kind) => {
    expect(parseCbu(input)).toEqual({ kind, value: input.replace(/[\s-]/g, '') });
  });

  it.each([
    ['2850590840090418135201', 'first'], // block 1 changed (the published negative example)
    ['2810590940090418135201', 'first'],
    ['2850590940090418135211', 'second'], // block 2 changed (the published negative example)
    ['2850590940090418135202', 'second'],
    ['0000003100009620154383', 'second'],
  ])('%s has a wrong %s check digit', (input, which) => {
    expect(() => parseCbu(input)).toThrow(new RegExp(`wrong ${which} check digit`));
  });

  it('every single-digit change is caught by one of the two check digits', () => {
    const valid = '2850590940090418135201';
    for (let i = 0; i < 22; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = `${valid.slice(0, i)}${d}${valid.slice(i + 1)}`;
        // Weight 1 × any digit changes the sum mod 10; weights 3, 7, 9 are coprime with 10: every change shows.
        expect(() => parseCbu(changed), changed).toThrow(ArQrFormatError);
      }
    }
  });

  it.each([
    ['285059094009041813520', 'has 21 digits'],
    ['28505909400904181352011', 'has 23 digits'],
    ['28505909400904181352a1', 'must be the 22 digits'],
    ['', 'must be the 22 digits'],
  ])('%j: %s', (input, message) => {
    expect(() => parseCbu(input)).toThrow(message);
  });

  it('makes check digits the parser accepts', () => {
    expect(cbuOf('2850590', '4009041813520')).toBe('2850590940090418135201');
    expect(parseCbu(cbuOf('0000000', '0000000000042')).kind).toBe('cvu');
  });
});

describe('CUIT', () => {
  // 20-17254359-7 and 33-69723504-9 (the CUIT in a wallet's published QR) are real, published numbers.
  it.each(['20-17254359-7', '20172543597', '33697235049'])('%s is valid', (cuit) => {
    expect(parseCuit(cuit)).toBe(cuit.replace(/-/g, ''));
  });
  it.each(['20172543598', '2017254359', '2017254359X'])('%s is not', (cuit) => {
    expect(() => parseCuit(cuit)).toThrow(ArQrFormatError);
  });
});
