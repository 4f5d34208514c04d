import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256Hex(secret: Buffer | string, message: Buffer | string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Compares a received signature with the expected one in constant time; a different length is simply false. */
export function signatureMatches(expectedHex: string, receivedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const received = Buffer.from(receivedHex, 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}
