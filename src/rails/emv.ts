/**
 * EMV® QRCPS merchant-presented mode (MPM) payloads: the TLV text, the CRC every such QR code ends with, and the
 * fields every MPM scheme shares (merchant name and city, amount, category code). Nothing here knows a scheme: the
 * Pix BR Code (src/rails/pix) and the Argentine transfer QR (src/rails/ar-transfer-qr) build on it, each naming
 * faults in its own error.
 */
import { AppError } from '../domain/errors.js';

/** A data object: a two-digit id and its value, or the data objects of a template (26–51, 62, 64, 80–99). */
export interface EmvField {
  id: string;
  value: string | readonly EmvField[];
}

/**
 * A payload that is not well-formed EMV. `tag` is the data object's path (`26.01`, `63`), or `payload` when the
 * text as a whole is at fault; callers wrap it into their rail's own error.
 */
export class EmvFormatError extends Error {
  constructor(
    readonly tag: string,
    readonly reason: 'malformed' | 'crc_mismatch',
    readonly detail: string,
  ) {
    super(`${tag} ${detail}`);
    this.name = 'EmvFormatError';
  }
}

const MAX_VALUE_LENGTH = 99;
const CRC_FIELD_HEADER = '6304';

// Lengths count characters while the CRC and the QR code count bytes; keeping every value to printable ASCII (the
// EMV "ans" set) makes the three agree, and is what payer apps expect outside the language template.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) as 4 uppercase hex digits. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function pathOf(template: string, id: string): string {
  return template ? `${template}.${id}` : id;
}

/** The TLV text of `fields`, in the order given; templates are encoded recursively. */
export function encodeTlv(fields: readonly EmvField[], template = ''): string {
  const seen = new Set<string>();
  return fields
    .map(({ id, value }) => {
      const path = pathOf(template, id);
      if (!/^\d{2}$/.test(id)) throw new EmvFormatError(path, 'malformed', 'must be a two-digit id');
      if (seen.has(id)) throw new EmvFormatError(path, 'malformed', 'appears twice in one template');
      seen.add(id);
      const text = typeof value === 'string' ? value : encodeTlv(value, path);
      if (!PRINTABLE_ASCII.test(text)) throw new EmvFormatError(path, 'malformed', 'must be printable ASCII');
      if (text.length > MAX_VALUE_LENGTH) {
        throw new EmvFormatError(path, 'malformed', `is ${text.length} characters; at most ${MAX_VALUE_LENGTH} fit`);
      }
      return `${id}${String(text.length).padStart(2, '0')}${text}`;
    })
    .join('');
}

/**
 * The data objects of one level of TLV text, by id in the order they appear. A template's value is returned as
 * text: decode it again, passing its path as `template` so that errors name the nested field.
 */
export function decodeTlv(text: string, template = ''): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const header = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(header)) {
      throw new EmvFormatError(template || 'payload', 'malformed', `has no id and length at character ${at}`);
    }
    const id = header.slice(0, 2);
    const path = pathOf(template, id);
    const length = Number(header.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length < length) throw new EmvFormatError(path, 'malformed', `declares ${length} characters; the text ends first`);
    if (fields.has(id)) throw new EmvFormatError(path, 'malformed', 'appears twice in one template');
    if (!PRINTABLE_ASCII.test(value)) throw new EmvFormatError(path, 'malformed', 'must be printable ASCII');
    fields.set(id, value);
    at += 4 + length;
  }
  return fields;
}

/**
 * A complete MPM payload: the fields, then the CRC data object `63`, whose checksum covers everything before it
 * including its own `6304`. The payload format indicator `00` must come first.
 */
export function encodeEmvPayload(fields: readonly EmvField[]): string {
  if (fields[0]?.id !== '00') throw new EmvFormatError('00', 'malformed', 'must be the first data object');
  if (fields.some((field) => field.id === '63')) throw new EmvFormatError('63', 'malformed', 'is appended here, not given');
  const body = `${encodeTlv(fields)}${CRC_FIELD_HEADER}`;
  return `${body}${crc16CcittFalse(body)}`;
}

/** The top-level data objects of an MPM payload, without `63`, once its CRC and structure check out. */
export function decodeEmvPayload(payload: string): Map<string, string> {
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== CRC_FIELD_HEADER) {
    throw new EmvFormatError('63', 'malformed', 'must close the payload as 6304 and 4 hex digits');
  }
  const crc = payload.slice(crcAt + 4);
  if (!/^[0-9A-F]{4}$/.test(crc)) throw new EmvFormatError('63', 'malformed', 'must be 4 uppercase hex digits');
  const expected = crc16CcittFalse(payload.slice(0, crcAt + 4));
  if (crc !== expected) throw new EmvFormatError('63', 'crc_mismatch', `is ${crc} but the payload's CRC is ${expected}`);
  const fields = decodeTlv(payload.slice(0, crcAt));
  if (fields.keys().next().value !== '00') throw new EmvFormatError('00', 'malformed', 'must be the first data object');
  if (fields.has('63')) throw new EmvFormatError('63', 'malformed', 'must appear once, at the end');
  return fields;
}

export type EmvFieldReason = 'required' | 'invalid_format' | 'too_long' | 'not_ascii' | 'out_of_range' | 'crc_mismatch' | 'unsupported';

/** A scheme's input its payload cannot hold, or a field of a payload it refuses: a validation error naming the field. */
export class EmvFieldError<Field extends string = string, Reason extends string = EmvFieldReason> extends AppError {
  constructor(
    readonly field: Field,
    readonly reason: Reason,
    readonly detail: string,
  ) {
    super('validation_error', `${field} ${detail}`, [{ path: `/${field}`, code: reason, message: detail }]);
  }
}

// "9999999999.99": field 54 holds at most 13 characters.
export const MAX_EMV_AMOUNT = 999_999_999_999;

/**
 * The checks of the fields every MPM scheme shares, each fault thrown as the scheme's own error (`Fault`), naming
 * the scheme's field.
 */
export function emvFieldRules<Field extends string>(Fault: new (field: Field, reason: EmvFieldReason, detail: string) => Error) {
  const required = (fields: Map<string, string>, id: string, field: Field): string => {
    const value = fields.get(id);
    if (value === undefined || value === '') throw new Fault(field, 'required', `is missing (data object ${id})`);
    return value;
  };
  return {
    /**
     * Accents and other combining marks are dropped (NFKD), so "São Paulo" becomes "Sao Paulo". Case is kept: EMV
     * allows lower case and the payer's app shows the name as given. A character with no ASCII form (ß, ø, an
     * emoji) is refused rather than guessed at.
     */
    text(field: Field, value: string, maxLength: number): string {
      const text = value
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (text === '') throw new Fault(field, 'required', 'must not be empty');
      const foreign = [...text].find((char) => char < ' ' || char > '~');
      if (foreign !== undefined) throw new Fault(field, 'not_ascii', `holds ${JSON.stringify(foreign)}, which has no ASCII form`);
      if (text.length > maxLength) throw new Fault(field, 'too_long', `is ${text.length} characters without accents; at most ${maxLength} fit`);
      return text;
    },

    /** Field 54 of whole minor units (2 decimals), from the integer's digits, never through a float division. */
    amount(field: Field, minorUnits: number): string {
      if (!Number.isSafeInteger(minorUnits) || minorUnits < 1 || minorUnits > MAX_EMV_AMOUNT) {
        throw new Fault(field, 'out_of_range', `must be whole centavos from 1 to ${MAX_EMV_AMOUNT}`);
      }
      const digits = String(minorUnits).padStart(3, '0');
      return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
    },

    /** Field 54 read back. EMV allows "10" and "10.5" as well as "10.50": we write two decimals but accept the others. */
    minorUnitsOf(field: Field, amount: string): number {
      const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(amount);
      if (!match || amount.length > 13) throw new Fault(field, 'invalid_format', 'must be a decimal amount such as 10.50');
      const minorUnits = Number(`${match[1]}${(match[2] ?? '').padEnd(2, '0')}`);
      if (minorUnits < 1) throw new Fault(field, 'out_of_range', 'must be positive; a code without an amount omits field 54');
      return minorUnits;
    },

    /** An ISO 18245 merchant category code. */
    categoryCode(field: Field, code: string): string {
      if (!/^\d{4}$/.test(code)) throw new Fault(field, 'invalid_format', 'must be 4 digits');
      return code;
    },

    /** Runs a decode of EMV text; a malformed one is this scheme's `field` at fault, a bad CRC its `crcField`. */
    decode(field: Field, crcField: Field, decode: () => Map<string, string>): Map<string, string> {
      try {
        return decode();
      } catch (error) {
        if (!(error instanceof EmvFormatError)) throw error;
        const reason = error.reason === 'crc_mismatch' ? 'crc_mismatch' : 'invalid_format';
        throw new Fault(error.tag === '63' ? crcField : field, reason, `${error.tag} ${error.detail}`);
      }
    },

    required,

    /** A field that must hold exactly `expected` (the scheme's currency, its country). */
    expect(fields: Map<string, string>, id: string, field: Field, expected: string): void {
      const value = required(fields, id, field);
      if (value !== expected) throw new Fault(field, 'unsupported', `is ${value}; must be ${expected}`);
    },

    /** A name or city as a payload holds it: not blank, within its length. */
    receivedText(fields: Map<string, string>, id: string, field: Field, maxLength: number): string {
      const value = required(fields, id, field);
      if (value.trim() === '') throw new Fault(field, 'required', 'must not be blank');
      if (value.length > maxLength) throw new Fault(field, 'too_long', `is ${value.length} characters; at most ${maxLength}`);
      return value;
    },
  };
}
