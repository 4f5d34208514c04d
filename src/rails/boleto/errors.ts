import { AppError } from '../../domain/errors.js';

export type BoletoErrorReason =
  | 'required'
  | 'not_digits'
  | 'wrong_length'
  | 'out_of_range'
  | 'invalid_date'
  | 'check_digit_mismatch'
  | 'unsupported';

/** The check digits a boleto carries; a mismatch names the one that failed. */
export type BoletoCheckDigit = 'field_1' | 'field_2' | 'field_3' | 'general';

/**
 * A boleto input that cannot be built or parsed. A validation error of the service's one error family, so a face
 * renders it like any other invalid field; `field` is the input named (`agency`, `digitable_line`, …) and
 * `checkDigit` says which check digit disagreed when `reason` is `check_digit_mismatch`.
 */
export class BoletoFormatError extends AppError {
  constructor(
    readonly field: string,
    readonly reason: BoletoErrorReason,
    detail: string,
    readonly checkDigit?: BoletoCheckDigit,
  ) {
    super('validation_error', `${field} ${detail}`, [{ path: `/${field}`, code: reason, message: detail }]);
    this.name = 'BoletoFormatError';
  }
}

function requireDigitsOnly(field: string, value: string): void {
  if (value === '') throw new BoletoFormatError(field, 'required', 'is required');
  if (!/^\d+$/.test(value)) throw new BoletoFormatError(field, 'not_digits', 'must hold decimal digits only');
}

/** Returns `value` if it is exactly `length` decimal digits, or throws naming `field`. */
export function requireDigits(field: string, value: string, length: number): string {
  requireDigitsOnly(field, value);
  if (value.length !== length) {
    throw new BoletoFormatError(field, 'wrong_length', `must be ${length} digits, got ${value.length}`);
  }
  return value;
}

/** Left-pads to `length` digits: banks print agencies, accounts and sequences with their leading zeros dropped. */
export function padDigits(field: string, value: string, length: number): string {
  requireDigitsOnly(field, value);
  if (value.length > length) {
    throw new BoletoFormatError(field, 'wrong_length', `must be at most ${length} digits, got ${value.length}`);
  }
  return value.padStart(length, '0');
}
