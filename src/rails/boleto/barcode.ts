import { barcodeCheckDigit, mod10 } from './check-digits.js';
import { dueDateFactor, dueDateFromFactor, type IsoDate } from './due-date.js';
import { BoletoFormatError, requireDigits, type BoletoCheckDigit } from './errors.js';

/**
 * The FEBRABAN cobrança barcode, 44 digits:
 *   1–3 bank code · 4 currency (9 = real) · 5 general check digit · 6–9 due-date factor ·
 *   10–19 amount in centavos · 20–44 campo livre (the bank's own 25 digits).
 * The linha digitável carries the same digits in another order, in five fields, with a check digit per field:
 *   1: bank, currency, campo livre 1–5, DV · 2: campo livre 6–15, DV · 3: campo livre 16–25, DV ·
 *   4: the general check digit · 5: factor and amount.
 */
const BARCODE_LENGTH = 44;
const DIGITABLE_LINE_LENGTH = 47;
export const FREE_FIELD_LENGTH = 25;
const REAL_CURRENCY_CODE = '9';
/** Ten digits of centavos: R$ 99.999.999,99. */
export const MAX_BOLETO_AMOUNT = 9_999_999_999;

export interface BarcodeFields {
  bankCode: string;
  /** null prints factor 0000: payable any day. */
  dueDate: IsoDate | null;
  /** Integer centavos; 0 leaves the amount to be filled in when paying. */
  amount: number;
  freeField: string;
}

export interface ParsedBarcode extends BarcodeFields {
  barcode: string;
  dueDateFactor: number;
}

export function buildBarcode(fields: BarcodeFields): string {
  requireCobrancaDigits('bank_code', fields.bankCode, 3);
  const freeField = requireDigits('free_field', fields.freeField, FREE_FIELD_LENGTH);
  const factor = String(dueDateFactor(fields.dueDate)).padStart(4, '0');
  const amount = String(requireAmount(fields.amount)).padStart(10, '0');
  const head = fields.bankCode + REAL_CURRENCY_CODE;
  const tail = factor + amount + freeField;
  return head + barcodeCheckDigit(head + tail) + tail;
}

/** Reads a 44-digit barcode, checking its general check digit; `today` picks the due date a factor means. */
export function parseBarcode(barcode: string, today: IsoDate): ParsedBarcode {
  requireCobrancaDigits('barcode', barcode, BARCODE_LENGTH);
  if (barcode[3] !== REAL_CURRENCY_CODE) {
    throw new BoletoFormatError('barcode', 'unsupported', `has currency code ${barcode[3]}; only 9 (real) is in use`);
  }
  const expected = barcodeCheckDigit(barcode.slice(0, 4) + barcode.slice(5));
  if (Number(barcode[4]) !== expected) throw checkDigitMismatch('barcode', 'general', barcode[4]!, expected);
  const factor = Number(barcode.slice(5, 9));
  return {
    barcode,
    bankCode: barcode.slice(0, 3),
    dueDateFactor: factor,
    dueDate: dueDateFromFactor(factor, today),
    amount: Number(barcode.slice(9, 19)),
    freeField: barcode.slice(19),
  };
}

/** The 47 digits of the linha digitável, without punctuation. */
export function digitableLineFromBarcode(barcode: string): string {
  requireCobrancaDigits('barcode', barcode, BARCODE_LENGTH);
  const freeField = barcode.slice(19);
  const field1 = barcode.slice(0, 4) + freeField.slice(0, 5);
  const field2 = freeField.slice(5, 15);
  const field3 = freeField.slice(15, 25);
  return field1 + mod10(field1) + field2 + mod10(field2) + field3 + mod10(field3) + barcode.slice(4, 19);
}

/**
 * The barcode a linha digitável stands for, after checking the three field check digits and the general one, in
 * that order; a mismatch names the first that fails. Dots, spaces and line breaks, as people copy them, are ignored.
 */
export function barcodeFromDigitableLine(line: string): string {
  const digits = line.replace(/[.\s]/g, '');
  requireCobrancaDigits('digitable_line', digits, DIGITABLE_LINE_LENGTH);
  const fields: [BoletoCheckDigit, string, string][] = [
    ['field_1', digits.slice(0, 9), digits[9]!],
    ['field_2', digits.slice(10, 20), digits[20]!],
    ['field_3', digits.slice(21, 31), digits[31]!],
  ];
  for (const [name, data, given] of fields) {
    const expected = mod10(data);
    if (Number(given) !== expected) throw checkDigitMismatch('digitable_line', name, given, expected);
  }
  const barcode =
    digits.slice(0, 4) + digits.slice(32, 47) + digits.slice(4, 9) + digits.slice(10, 20) + digits.slice(21, 31);
  const expected = barcodeCheckDigit(barcode.slice(0, 4) + barcode.slice(5));
  if (Number(barcode[4]) !== expected) throw checkDigitMismatch('digitable_line', 'general', barcode[4]!, expected);
  return barcode;
}

/** `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`, as printed above the barcode. */
export function formatDigitableLine(line: string): string {
  const d = requireDigits('digitable_line', line, DIGITABLE_LINE_LENGTH);
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
}

export function parseDigitableLine(line: string, today: IsoDate): ParsedBarcode {
  return parseBarcode(barcodeFromDigitableLine(line), today);
}

function requireAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_BOLETO_AMOUNT) {
    throw new BoletoFormatError('amount', 'out_of_range', `must be whole centavos from 0 to ${MAX_BOLETO_AMOUNT}`);
  }
  return amount;
}

/** Like requireDigits, but tells the 48-digit arrecadação slips (utilities, taxes) apart from a typo. */
function requireCobrancaDigits(field: string, value: string, length: number): void {
  if (value.startsWith('8') && /^\d+$/.test(value)) {
    throw new BoletoFormatError(field, 'unsupported', 'starts with 8: an arrecadação (utility or tax) slip, not a boleto de cobrança');
  }
  requireDigits(field, value, length);
}

function checkDigitMismatch(field: string, checkDigit: BoletoCheckDigit, given: string, expected: number): BoletoFormatError {
  const name = checkDigit === 'general' ? 'general check digit' : `check digit of ${checkDigit.replace('_', ' ')}`;
  return new BoletoFormatError(field, 'check_digit_mismatch', `has ${name} ${given}, expected ${expected}`, checkDigit);
}
