import { ArQrFormatError } from './errors.js';

/**
 * CBU (Clave Bancaria Uniforme, a bank account) and CVU (Clave Virtual Uniforme, a payment provider's
 * account): 22 digits in two blocks, each closed by a check digit (BCRA, "Comunicación A 6425" and the CBU
 * rules it inherits). Block 1 is the entity (3), the branch (4) and its check digit, weighted 7 1 3 9 7 1 3;
 * block 2 the account (13) and its check digit, weighted 3 9 7 1 3 9 7 1 3 9 7 1 3; each check digit is
 * (10 − sum mod 10) mod 10. A CVU has the same layout with entity 000 (its PSP is the next 4 digits).
 */
export interface Cbu {
  kind: 'cbu' | 'cvu';
  value: string;
}

const BLOCK_1_WEIGHTS = [7, 1, 3, 9, 7, 1, 3];
const BLOCK_2_WEIGHTS = [3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3];

function checkDigit(digits: string, weights: readonly number[]): number {
  const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  return (10 - (sum % 10)) % 10;
}

/** Parses a CBU or CVU typed as 22 digits (spaces and dashes between them allowed), checking both check digits. */
export function parseCbu(input: string): Cbu {
  const value = input.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(value)) throw new ArQrFormatError('cbu', 'invalid_format', 'must be the 22 digits of a CBU or CVU');
  if (value.length !== 22) throw new ArQrFormatError('cbu', 'invalid_format', `has ${value.length} digits; a CBU or CVU has 22`);
  if (checkDigit(value, BLOCK_1_WEIGHTS) !== Number(value[7])) {
    throw new ArQrFormatError('cbu', 'check_digit_mismatch', "has a wrong first check digit (8th digit: the entity and branch's)");
  }
  if (checkDigit(value.slice(8), BLOCK_2_WEIGHTS) !== Number(value[21])) {
    throw new ArQrFormatError('cbu', 'check_digit_mismatch', "has a wrong second check digit (22nd digit: the account's)");
  }
  return { kind: value.startsWith('000') ? 'cvu' : 'cbu', value };
}

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/**
 * A CUIT/CUIL (the tax id a receiver is named by): 11 digits, the last a mod-11 check digit over weights
 * 5 4 3 2 7 6 5 4 3 2 (11 − sum mod 11; 11 gives 0, and 10 is never issued).
 */
export function parseCuit(input: string): string {
  const value = input.replace(/[\s-]/g, '');
  if (!/^\d{11}$/.test(value)) throw new ArQrFormatError('cuit', 'invalid_format', 'must be the 11 digits of a CUIT');
  const sum = CUIT_WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  const digit = 11 - (sum % 11);
  const expected = digit === 11 ? 0 : digit;
  if (expected === 10 || expected !== Number(value[10])) throw new ArQrFormatError('cuit', 'check_digit_mismatch', 'has a wrong check digit');
  return value;
}

/** The CBU/CVU of `entityAndBranch` (7 digits) and `account` (13), with both check digits computed. */
export function cbuOf(entityAndBranch: string, account: string): string {
  if (!/^\d{7}$/.test(entityAndBranch) || !/^\d{13}$/.test(account)) throw new RangeError('a CBU is 7 and 13 digits before its check digits');
  return `${entityAndBranch}${checkDigit(entityAndBranch, BLOCK_1_WEIGHTS)}${account}${checkDigit(account, BLOCK_2_WEIGHTS)}`;
}
