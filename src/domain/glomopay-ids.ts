import { AppError } from './errors.js';
import { decodeId, encodeId } from './ids.js';

/**
 * Glomopay spells ids `<prefix>_<token>`: orders `order_…`, customers `cust_…`, documents `doc_…`, the
 * documents an order's request for information asks for `rfidoc_…`, payments `payt_…`. Here the token is the
 * canonical id's (26 characters of Crockford base32 of the UUID), so `order_X` and /v1's `ord_X` name the
 * same order and convert both ways.
 */
const KINDS = { order: ['order', 'ord'], customer: ['cust', 'cus'], document: ['doc', 'doc'], documentRequest: ['rfidoc', 'rfi'], payment: ['payt', 'pay'] } as const;
type Kind = keyof typeof KINDS;

export function glomopayId(kind: Kind, uuid: string): string {
  const [vendor, canonical] = KINDS[kind];
  return `${vendor}_${encodeId(kind, uuid).slice(canonical.length + 1)}`;
}

/**
 * The UUID a Glomopay id names. The wrong prefix is Glomopay's 400 (`Id must start with 'order_'`); a
 * right prefix with a token that names nothing is the caller's 404, as an unknown id is.
 */
export function fromGlomopayId(kind: Kind, id: string, param?: string): string | null {
  const [vendor, canonical] = KINDS[kind];
  if (!id.startsWith(`${vendor}_`)) {
    const message = `Id must start with '${vendor}_'`;
    throw new AppError('validation_error', message, param ? [{ path: `/${param}`, code: 'invalid_id', message }] : []);
  }
  return decodeId(kind, `${canonical}_${id.slice(vendor.length + 1)}`);
}
