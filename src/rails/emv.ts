/**
 * EMV® QRCPS merchant-presented mode (MPM) payloads: the TLV text and the CRC every such QR code ends with.
 * Nothing in this file knows about Pix: the Argentine transfer QR (ar_transfer_qr, BCRA "A" 6425) uses the same
 * layout and will import it from here. It lives in the Pix folder until that second rail arrives; moving it is an
 * import path, not a rewrite.
 */

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
