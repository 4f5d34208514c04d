import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barcodeFromDigitableLine,
  buildBarcode,
  digitableLineFromBarcode,
  formatDigitableLine,
  MAX_BOLETO_AMOUNT,
  parseBarcode,
  parseDigitableLine,
} from './barcode.js';
import { mod11WeightedSum } from './check-digits.js';
import { BoletoFormatError } from './errors.js';
import { BRCOBRANCA_ITAU_168, PUBLISHED_VECTORS } from './published-vectors.fixture.js';

const digitsOnly = (line: string) => line.replace(/[. ]/g, '');

describe('published vectors', () => {
  for (const vector of PUBLISHED_VECTORS) {
    it(`${vector.barcode} (${vector.source})`, () => {
      const freeField = vector.barcode.slice(19);
      expect(
        buildBarcode({ bankCode: vector.settings.bankCode, dueDate: vector.dueDate, amount: vector.amount, freeField }),
      ).toBe(vector.barcode);
      expect(formatDigitableLine(digitableLineFromBarcode(vector.barcode))).toBe(vector.digitableLine);
      expect(barcodeFromDigitableLine(vector.digitableLine)).toBe(vector.barcode);
      expect(parseDigitableLine(vector.digitableLine, vector.today)).toEqual({
        barcode: vector.barcode,
        bankCode: vector.settings.bankCode,
        dueDateFactor: Number(vector.barcode.slice(5, 9)),
        dueDate: vector.dueDate,
        amount: vector.amount,
        freeField,
      });
    });
  }

  it("parses brcobranca's carteira-168 line, whose barcode-level check digits are right", () => {
    expect(barcodeFromDigitableLine(BRCOBRANCA_ITAU_168.digitableLine)).toBe(BRCOBRANCA_ITAU_168.barcode);
  });
});

describe('digitable line', () => {
  const line = PUBLISHED_VECTORS[0]!.digitableLine;

  it('takes the line as people copy it: with or without dots, spaces and line breaks', () => {
    const barcode = PUBLISHED_VECTORS[0]!.barcode;
    expect(barcodeFromDigitableLine(digitsOnly(line))).toBe(barcode);
    expect(barcodeFromDigitableLine(line.replace(' 3 ', '\n3\n'))).toBe(barcode);
  });

  it('names the check digit that fails, in field order', () => {
    // Digit by digit: field 1's DV is the 10th, field 2's the 21st, field 3's the 32nd, the general one the 33rd.
    const failing = (index: number) => {
      const digits = digitsOnly(line);
      const changed = digits.slice(0, index) + String((Number(digits[index]) + 1) % 10) + digits.slice(index + 1);
      try {
        barcodeFromDigitableLine(changed);
      } catch (error) {
        expect(error).toBeInstanceOf(BoletoFormatError);
        const { field, reason, checkDigit } = error as BoletoFormatError;
        return `${field} ${reason} ${checkDigit}`;
      }
      return 'accepted';
    };
    expect(failing(0)).toBe('digitable_line check_digit_mismatch field_1');
    expect(failing(9)).toBe('digitable_line check_digit_mismatch field_1');
    expect(failing(12)).toBe('digitable_line check_digit_mismatch field_2');
    expect(failing(31)).toBe('digitable_line check_digit_mismatch field_3');
    expect(failing(32)).toBe('digitable_line check_digit_mismatch general');
    expect(failing(40)).toBe('digitable_line check_digit_mismatch general');
  });

  it('says which digit was expected', () => {
    const wrongGeneral = digitsOnly(line).slice(0, 32) + '7' + digitsOnly(line).slice(33);
    expect(() => barcodeFromDigitableLine(wrongGeneral)).toThrow('digitable_line has general check digit 7, expected 3');
  });

  it('refuses wrong lengths, letters and arrecadação slips', () => {
    expect(() => barcodeFromDigitableLine(digitsOnly(line).slice(1))).toThrow(
      expect.objectContaining({ field: 'digitable_line', reason: 'wrong_length' }),
    );
    expect(() => barcodeFromDigitableLine(line.replace('0', 'O'))).toThrow(expect.objectContaining({ reason: 'not_digits' }));
    expect(() => barcodeFromDigitableLine('836200000005 667800481001 180975657313 001589636081')).toThrow(
      expect.objectContaining({ reason: 'unsupported' }),
    );
  });
});

describe('barcode', () => {
  const fields = { bankCode: '001', dueDate: '2026-03-10', amount: 29700, freeField: '0000001238798000000000118' };

  it('puts the amount in centavos in ten digits and refuses what does not fit or is not whole centavos', () => {
    expect(buildBarcode({ ...fields, amount: MAX_BOLETO_AMOUNT }).slice(9, 19)).toBe('9999999999');
    for (const amount of [MAX_BOLETO_AMOUNT + 1, -1, 297.5, Number.NaN]) {
      expect(() => buildBarcode({ ...fields, amount }), String(amount)).toThrow(
        expect.objectContaining({ field: 'amount', reason: 'out_of_range' }),
      );
    }
  });

  it('writes factor 0000 for no due date', () => {
    const barcode = buildBarcode({ ...fields, dueDate: null });
    expect(barcode.slice(5, 9)).toBe('0000');
    expect(parseBarcode(barcode, '2026-01-01').dueDate).toBeNull();
  });

  it('names the field that is malformed', () => {
    expect(() => buildBarcode({ ...fields, bankCode: '01' })).toThrow(expect.objectContaining({ field: 'bank_code', reason: 'wrong_length' }));
    expect(() => buildBarcode({ ...fields, freeField: '123' })).toThrow(expect.objectContaining({ field: 'free_field', reason: 'wrong_length' }));
    expect(() => buildBarcode({ ...fields, dueDate: '2026-02-30' })).toThrow(expect.objectContaining({ field: 'due_date' }));
  });

  it('refuses a general check digit that does not match, and a currency other than the real', () => {
    const barcode = buildBarcode(fields);
    const wrong = barcode.slice(0, 4) + ((Number(barcode[4]) % 9) + 1) + barcode.slice(5);
    expect(() => parseBarcode(wrong, '2026-01-01')).toThrow(expect.objectContaining({ reason: 'check_digit_mismatch', checkDigit: 'general' }));
    expect(() => parseBarcode('0010' + barcode.slice(4), '2026-01-01')).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });
});

const barcodeFields = fc.record({
  bankCode: fc.stringMatching(/^[0-7]\d\d$/),
  // Within the window of TODAY (2014-02-05 to 2038-09-26), where a factor reads back as the date it was made from.
  dueDate: fc.option(fc.integer({ min: -4499, max: 4500 }).map((days) => new Date(Date.UTC(2026, 5, 1) + days * 86_400_000).toISOString().slice(0, 10))),
  amount: fc.integer({ min: 0, max: MAX_BOLETO_AMOUNT }),
  freeField: fc.stringMatching(/^\d{25}$/),
});
const TODAY = '2026-06-01';

describe('properties', () => {
  it('build → digitable line → parse gives back the fields', () => {
    fc.assert(
      fc.property(barcodeFields, (fields) => {
        const barcode = buildBarcode(fields);
        const line = digitableLineFromBarcode(barcode);
        expect(barcodeFromDigitableLine(formatDigitableLine(line))).toBe(barcode);
        expect(parseDigitableLine(line, TODAY)).toEqual({ ...fields, barcode, dueDateFactor: Number(barcode.slice(5, 9)) });
      }),
    );
  });

  it('any one changed digit in fields 1 to 4 is refused; in field 5, unless the general DV is a remapped 1', () => {
    fc.assert(
      fc.property(barcodeFields, fc.nat(46), fc.integer({ min: 1, max: 9 }), (fields, index, delta) => {
        const barcode = buildBarcode(fields);
        const line = digitableLineFromBarcode(barcode);
        const changed = line.slice(0, index) + String((Number(line[index]) + delta) % 10) + line.slice(index + 1);
        let accepted = true;
        try {
          barcodeFromDigitableLine(changed);
        } catch {
          accepted = false;
        }
        // Fields 1–3 each have a módulo 10, which catches every single-digit change. Módulo 11 catches any single
        // change of its sum too, but remainders 0, 1 and 10 all print DV 1, so with DV 1 a changed factor or amount
        // digit that moves the remainder among those three still checks out, and only then.
        if (index < 33 || line[32] !== '1') {
          expect(accepted).toBe(false);
        } else {
          const changedBarcode = changed.slice(0, 4) + changed.slice(32) + barcode.slice(19);
          const remainder = mod11WeightedSum(changedBarcode.slice(0, 4) + changedBarcode.slice(5)) % 11;
          expect(accepted).toBe([0, 1, 10].includes(remainder));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the DV-1 blind spot is real: a published line with one amount digit changed still checks out', () => {
    // Itaú vector 1 has Σ11 = 825 (remainder 0, DV 1). Its amount is 0; the amount's last digit (barcode position
    // 19, the 26th of the 43 from the right) carries weight 3, so amount 7 moves Σ11 to 846 = 76 × 11 + 10:
    // remainder 10, DV still 1. Every check digit agrees, and the payer would pay R$ 0,07.
    const line = PUBLISHED_VECTORS[3]!.digitableLine;
    expect(line.endsWith('43290000000000')).toBe(true);
    const altered = line.slice(0, -1) + '7';
    expect(parseDigitableLine(altered, '2009-08-01').amount).toBe(7);
  });
});
