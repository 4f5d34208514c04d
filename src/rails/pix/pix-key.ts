import { isValidCnpj, isValidCpf } from '../../domain/tax-id.js';
import { PixFormatError } from './errors.js';

export type PixKeyType = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

/** A Pix key (chave de endereçamento) in the form the DICT stores and a BR Code carries. */
export interface PixKey {
  type: PixKeyType;
  value: string;
}

const MAX_EMAIL_LENGTH = 77;

// The HTML living standard's address syntax, lower case only since keys are compared lower-cased, and with a dot
// required in the domain: the DICT registers an address only after a code sent to it is confirmed.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

// +55, a DDD (no Brazilian area code has a 0) and the number: a mobile's 9 digits start with 9 (Anatel's ninth
// digit), a fixed line's 8 digits with 2 to 5.
const PHONE = /^\+55[1-9]{2}(?:9\d{8}|[2-5]\d{7})$/;

// Any UUID, not only version 4: the DICT generates EVPs, and the Pix manual's own example key is a version 1 UUID.
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const FORMS = 'a CPF (11 digits), a CNPJ (14 digits), an email, a phone (+55DDNNNNNNNNN) or a random key (UUID)';

/**
 * Recognises and normalises a Pix key. Each type has one written form, so the key is taken as typed apart from
 * surrounding spaces and the case of emails and random keys; a CPF with its dots, or a phone without +55, is
 * refused with the form it should take rather than guessed at (an 11-digit number could be either).
 */
export function parsePixKey(input: string): PixKey {
  const text = input.trim();
  if (text === '') throw new PixFormatError('key', 'required', `must be ${FORMS}`);
  if (/^\d{11}$/.test(text)) {
    if (isValidCpf(text)) return { type: 'cpf', value: text };
    throw new PixFormatError('key', 'check_digit_mismatch', 'is 11 digits but not a valid CPF; a phone key is written +55DDNNNNNNNNN');
  }
  if (/^\d{14}$/.test(text)) {
    if (isValidCnpj(text)) return { type: 'cnpj', value: text };
    throw new PixFormatError('key', 'check_digit_mismatch', 'is 14 digits but not a valid CNPJ');
  }
  if (text.startsWith('+')) {
    if (PHONE.test(text)) return { type: 'phone', value: text };
    const reason = text.startsWith('+55') ? 'must be +55, the 2-digit DDD and the number, digits only' : 'must be a Brazilian number (+55)';
    throw new PixFormatError('key', 'invalid_format', reason);
  }
  if (text.includes('@')) {
    const email = text.toLowerCase();
    if (email.length > MAX_EMAIL_LENGTH) {
      throw new PixFormatError('key', 'too_long', `is an email of ${email.length} characters; at most ${MAX_EMAIL_LENGTH}`);
    }
    if (EMAIL.test(email)) return { type: 'email', value: email };
    throw new PixFormatError('key', 'invalid_format', 'is not a valid email address');
  }
  const uuid = text.toLowerCase();
  if (EVP.test(uuid)) return { type: 'evp', value: uuid };
  if (/^[\d./\s-]+$/.test(text)) {
    throw new PixFormatError('key', 'invalid_format', 'CPF and CNPJ keys are written as digits only, without punctuation');
  }
  throw new PixFormatError('key', 'invalid_format', `must be ${FORMS}`);
}
