import { randomUUID } from 'node:crypto';

/**
 * One id per object: a UUIDv7 (time-ordered, so ids sort by creation and index well).
 * The canonical API spells it `<prefix>_<26 chars Crockford base32>`; compatible APIs that use
 * UUIDs spell it as the UUID. Both spellings decode to the same UUID, so any API resolves any id.
 */
export const ID_PREFIXES = {
  merchant: 'mer',
  store: 'sto',
  branch: 'bra',
  user: 'usr',
  apiKey: 'key',
  customer: 'cus',
  order: 'ord',
  event: 'evt',
  payment: 'pay',
  balanceTransaction: 'txn',
  webhookEndpoint: 'we',
  webhookDelivery: 'whd',
  notification: 'ntf',
  cardToken: 'tok',
  paymentMethod: 'pm',
  refund: 're',
  paymentLink: 'plink',
  document: 'doc',
  documentRequest: 'rfi',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Character code → base32 digit, -1 where the character is not in the alphabet (either case). */
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  DECODE[ALPHABET.charCodeAt(i)] = i;
  DECODE[ALPHABET.toUpperCase().charCodeAt(i)] = i;
}
const HEX = '0123456789abcdef';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lastMs = 0;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond time, version 7, a 12-bit counter (method 1, so ids made by one
 * process in the same millisecond still sort in creation order), then the random bits of a v4 uuid.
 */
export function uuidv7(nowMs: number): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}${randomUUID().slice(18)}`;
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

// Both conversions stream bits through a small integer (4 in per hex digit, 5 out per base32 character,
// or the reverse) instead of going through a BigInt: they run on every request.
export function encodeId(kind: IdKind, uuid: string): string {
  let out = `${ID_PREFIXES[kind]}_`;
  // 26 characters hold 130 bits: the 128 of the uuid after two zero bits.
  let bits = 0;
  let count = 2;
  for (let i = 0; i < uuid.length; i++) {
    const c = uuid.charCodeAt(i);
    if (c === 45) continue; // '-'
    bits = (bits << 4) | (c <= 57 ? c - 48 : (c | 32) - 87); // 0-9, a-f, A-F
    count += 4;
    if (count >= 5) {
      count -= 5;
      out += ALPHABET[(bits >> count) & 31];
      bits &= (1 << count) - 1;
    }
  }
  return out;
}

const KIND_BY_PREFIX = new Map<string, IdKind>(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix, kind as IdKind]));

/** The UUID an id of any kind names, in either spelling; null when it is no id. */
export function decodeAnyId(value: string): string | null {
  const kind = KIND_BY_PREFIX.get(value.slice(0, value.indexOf('_')));
  return kind ? decodeId(kind, value) : isUuid(value) ? value.toLowerCase() : null;
}

/** Decodes either spelling (`ord_…` or a UUID) to the UUID; null when it is neither or has another kind's prefix. */
export function decodeId(kind: IdKind, value: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix) || value.length !== prefix.length + 26) return null;
  let hex = '';
  let bits = 0;
  let count = -2; // the two bits above the uuid's 128 must be zero
  for (let i = prefix.length; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const digit = code < 128 ? DECODE[code]! : -1;
    if (digit < 0) return null;
    bits = (bits << 5) | digit;
    count += 5;
    if (count === 3) {
      if (bits >> 3 !== 0) return null;
    } else {
      while (count >= 4) {
        count -= 4;
        hex += HEX[(bits >> count) & 15];
      }
    }
    bits &= (1 << count) - 1;
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
