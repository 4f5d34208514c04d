import { AppError } from './errors.js';

export const TAX_ID_TYPES = ['br_cpf', 'br_cnpj', 'other'] as const;
export type TaxIdType = (typeof TAX_ID_TYPES)[number];

export interface TaxId {
  type: TaxIdType;
  value: string;
}

/**
 * Validates and normalizes a tax id. Brazilian CPF and CNPJ are checked by their check digits and stored
 * without punctuation; CNPJ accepts the alphanumeric form (Receita Federal, from July 2026), whose
 * characters count as their ASCII code minus 48. Other countries' ids are kept as given (trimmed).
 */
/** A CPF or CNPJ as stored: no dots, dashes, slashes or spaces, upper case. */
export function compactTaxId(value: string): string {
  return value.replace(/[.\-/\s]/g, '').toUpperCase();
}

export function normalizeTaxId(input: TaxId, param = 'tax_id'): TaxId {
  if (input.type === 'other') {
    const value = input.value.trim();
    if (!value) throw AppError.invalidField(`${param}.value`, 'invalid_tax_id', 'must not be empty');
    return { type: 'other', value };
  }
  const compact = compactTaxId(input.value);
  const valid = input.type === 'br_cpf' ? isValidCpf(compact) : isValidCnpj(compact);
  if (!valid) {
    const [name, otherName, otherType, isOther] = input.type === 'br_cpf' ? ['CPF', 'CNPJ', 'br_cnpj', isValidCnpj] : ['CNPJ', 'CPF', 'br_cpf', isValidCpf];
    if (isOther(compact)) throw AppError.invalidField(`${param}.value`, 'invalid_tax_id', `is a ${otherName}, not a ${name}: send it with type ${otherType}`);
    throw AppError.invalidField(`${param}.value`, 'invalid_tax_id', `is not a valid ${name} (check digits do not match)`);
  }
  return { type: input.type, value: compact };
}

function mod11Digit(sum: number): number {
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digits[i]! * (length + 1 - i);
    if (mod11Digit(sum) !== digits[length]) return false;
  }
  return true;
}

const CNPJ_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

export function isValidCnpj(cnpj: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(.)\1{13}$/.test(cnpj)) return false;
  const values = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  for (const length of [12, 13]) {
    const weights = CNPJ_WEIGHTS.slice(13 - length);
    let sum = 0;
    for (let i = 0; i < length; i++) sum += values[i]! * weights[i]!;
    if (mod11Digit(sum) !== values[length]) return false;
  }
  return true;
}
