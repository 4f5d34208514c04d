import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBarcode, parseDigitableLine } from './barcode.js';
import { buildBoleto, ourNumberFromSequence, readFreeField } from './boleto.js';
import { BRCOBRANCA_ITAU_168, ITAU_MANUAL_EXAMPLE, PUBLISHED_VECTORS } from './published-vectors.fixture.js';

const BB = { bankCode: '001', agency: '4042', account: '61900', wallet: '18', agreement: '1238798' };
const ITAU = { bankCode: '341', agency: '0810', account: '53678', wallet: '175' };

describe('campo livre from the merchant settings: published vectors', () => {
  for (const vector of PUBLISHED_VECTORS) {
    it(`${vector.settings.bankCode} ${vector.ourNumber} ${vector.dueDate} (${vector.source})`, () => {
      const boleto = buildBoleto({ settings: vector.settings, ourNumber: vector.ourNumber, dueDate: vector.dueDate, amount: vector.amount });
      expect(boleto.barcode).toBe(vector.barcode);
      expect(boleto.digitableLineText).toBe(vector.digitableLine);
      expect(boleto.digitableLine).toBe(vector.digitableLine.replace(/[. ]/g, ''));
    });
  }

  it('prints Banco do Brasil numbers as BB does: 17-digit nosso número, agency and account with their DVs', () => {
    const boleto = buildBoleto({ settings: BB, ourNumber: '7777700168', dueDate: '2008-02-03', amount: 13500 });
    expect(boleto).toMatchObject({ bankCodeText: '001-9', wallet: '18', ourNumber: '7777700168', ourNumberText: '12387987777700168' });
    // brcobranca's "Montar agencia_conta_boleto": 4042-8 / 00061900-0 (4042: Σ = 36, 11 − 3 = 8; 00061900: Σ = 77,
    // remainder 0, 11 → 0) and 0548-7 / 00001448-6 (Σ 48 → 7; Σ 49 → 6).
    expect(boleto.beneficiaryCodeText).toBe('4042-8 / 00061900-0');
    const other = buildBoleto({ settings: { ...BB, agency: '0548', account: '1448' }, ourNumber: '1', dueDate: null, amount: 100 });
    expect(other.beneficiaryCodeText).toBe('0548-7 / 00001448-6');
  });

  it("prints Itaú numbers as Itaú does, and matches its manual's worked DAC example", () => {
    const vector = buildBoleto({ settings: ITAU, ourNumber: '12345678', dueDate: '2009-08-14', amount: 0 });
    expect(vector).toMatchObject({ bankCodeText: '341-7', ourNumberText: '175/12345678-4', beneficiaryCodeText: '0810 / 53678-9' });
    const manual = buildBoleto({ settings: ITAU_MANUAL_EXAMPLE.settings, ourNumber: ITAU_MANUAL_EXAMPLE.ourNumber, dueDate: null, amount: 100 });
    expect(manual.ourNumberText).toBe(ITAU_MANUAL_EXAMPLE.ourNumberText);
    expect(manual.beneficiaryCodeText).toBe(ITAU_MANUAL_EXAMPLE.beneficiaryCodeText);
  });

  it("computes carteira 168's DAC over carteira and nosso número only, where brcobranca's vector does not", () => {
    const boleto = buildBoleto({ settings: { ...ITAU, wallet: '168' }, ourNumber: '258281', dueDate: '2004-09-05', amount: 13500 });
    expect(boleto.ourNumberText).toBe('168/00258281-0');
    expect(boleto.barcode.slice(19)).toBe('1680025828100810536789000');
    const published = parseBarcode(BRCOBRANCA_ITAU_168.barcode, '2004-09-01');
    expect(() => readFreeField(published)).toThrow(expect.objectContaining({ field: 'free_field', reason: 'check_digit_mismatch' }));
  });
});

describe('reading a campo livre back', () => {
  it('gives the nosso número and the account of each published vector, checking Itaú DACs', () => {
    for (const vector of PUBLISHED_VECTORS) {
      const contents = readFreeField(parseDigitableLine(vector.digitableLine, vector.today));
      expect(contents.ourNumber).toBe(vector.ourNumber.padStart(contents.ourNumber.length, '0'));
      expect(contents.wallet).toBe(vector.settings.wallet);
    }
    expect(readFreeField({ bankCode: '001', freeField: '0000001238798777770016818' })).toEqual({
      agreement: '1238798',
      ourNumber: '7777700168',
      wallet: '18',
    });
  });

  it('refuses an Itaú campo livre with a wrong DAC, and a BB one of another convênio length', () => {
    expect(() => readFreeField({ bankCode: '341', freeField: '1751234567850810536789000' })).toThrow(/DAC 5 for the our number, expected 4/);
    expect(() => readFreeField({ bankCode: '341', freeField: '1751234567840810536788000' })).toThrow(/DAC 8 for the agência and conta, expected 9/);
    expect(() => readFreeField({ bankCode: '001', freeField: '1238790123440420006190018' })).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });
});

describe('settings that cannot make a boleto name their field', () => {
  const cases: [string, object, string, string][] = [
    ['a bank without a layout', { ...BB, bankCode: '237' }, 'bank_code', 'unsupported'],
    ['a BB convênio of 6 digits', { ...BB, agreement: '123879' }, 'agreement', 'wrong_length'],
    ['a BB convênio with a leading zero', { ...BB, agreement: '0123879' }, 'agreement', 'unsupported'],
    ['no BB convênio', { ...BB, agreement: undefined }, 'agreement', 'required'],
    ['a BB carteira of 3 digits', { ...BB, wallet: '018' }, 'wallet', 'wrong_length'],
    ['an agency with a letter', { ...BB, agency: '40A2' }, 'agency', 'not_digits'],
    ['a BB account over 8 digits', { ...BB, account: '123456789' }, 'account', 'wrong_length'],
    ['an Itaú seu-número carteira', { ...ITAU, wallet: '198' }, 'wallet', 'unsupported'],
    ['Itaú carteira 112, whose DAC rule sources disagree on', { ...ITAU, wallet: '112' }, 'wallet', 'unsupported'],
    ['an Itaú account over 5 digits', { ...ITAU, account: '536789' }, 'account', 'wrong_length'],
  ];
  for (const [what, settings, field, reason] of cases) {
    it(what, () => {
      expect(() => buildBoleto({ settings: settings as typeof BB, ourNumber: '1', dueDate: '2026-03-10', amount: 100 })).toThrow(
        expect.objectContaining({ field, reason, code: 'validation_error' }),
      );
    });
  }

  it('a nosso número longer than the bank allows', () => {
    expect(() => buildBoleto({ settings: ITAU, ourNumber: '123456789', dueDate: null, amount: 1 })).toThrow(
      expect.objectContaining({ field: 'our_number', reason: 'wrong_length' }),
    );
  });
});

describe('nosso número from a sequence', () => {
  it("pads the sequence to the bank's length", () => {
    expect(ourNumberFromSequence(BB, 168)).toBe('0000000168');
    expect(ourNumberFromSequence(ITAU, 258281)).toBe('00258281');
    expect(ourNumberFromSequence(ITAU, 99_999_999)).toBe('99999999');
  });

  it('refuses 0, negatives, fractions and sequences that no longer fit', () => {
    for (const sequence of [0, -1, 1.5, 100_000_000]) {
      expect(() => ourNumberFromSequence(ITAU, sequence), String(sequence)).toThrow(
        expect.objectContaining({ field: 'our_number', reason: 'out_of_range' }),
      );
    }
    expect(() => ourNumberFromSequence(BB, 10_000_000_000)).toThrow(expect.objectContaining({ field: 'our_number' }));
  });

  it('each sequence gives a boleto whose campo livre reads back to it', () => {
    fc.assert(
      fc.property(fc.constantFrom(BB, ITAU), fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 1, max: 9_999_999_999 }), (settings, sequence, amount) => {
        const ourNumber = ourNumberFromSequence(settings, sequence);
        const boleto = buildBoleto({ settings, ourNumber, dueDate: '2026-03-10', amount });
        const parsed = parseDigitableLine(boleto.digitableLineText, '2026-03-01');
        expect(parsed).toMatchObject({ bankCode: settings.bankCode, amount, dueDate: '2026-03-10' });
        expect(readFreeField(parsed).ourNumber).toBe(ourNumber);
      }),
    );
  });
});
