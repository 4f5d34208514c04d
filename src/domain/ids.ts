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
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const DECODE = new Map<string, number>();
for (let i = 0; i < ALPHABET.length; i++) {
  DECODE.set(ALPHABET[i]!, i);
  DECODE.set(ALPHABET[i]!.toUpperCase(), i);
}
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

export function encodeId(kind: IdKind, uuid: string): string {
  let n = BigInt(`0x${uuid.replaceAll('-', '')}`);
  const chars = new Array<string>(26);
  for (let i = 25; i >= 0; i--) {
    chars[i] = ALPHABET[Number(n & 31n)]!;
    n >>= 5n;
  }
  return `${ID_PREFIXES[kind]}_${chars.join('')}`;
}

/** Decodes either spelling (`ord_…` or a UUID) to the UUID; null when it is neither or has another kind's prefix. */
export function decodeId(kind: IdKind, value: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix) || value.length !== prefix.length + 26) return null;
  let n = 0n;
  for (let i = prefix.length; i < value.length; i++) {
    const digit = DECODE.get(value[i]!);
    if (digit === undefined) return null;
    n = (n << 5n) | BigInt(digit);
  }
  if (n >> 128n !== 0n) return null;
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
