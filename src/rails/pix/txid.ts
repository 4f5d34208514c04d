/** What a static BR Code carries in 62-05 when the receiver names no transaction. */
export const NO_TXID = '***';

/** A static BR Code's own txid: up to 25 letters and digits. */
export function isStaticTxid(txid: string): boolean {
  return /^[a-zA-Z0-9]{1,25}$/.test(txid);
}

/** The txid of a charge (the Pix API's `cob`/`cobv`), by which its payment is reconciled: 26 to 35 letters and digits. */
export function isChargeTxid(txid: string): boolean {
  return /^[a-zA-Z0-9]{26,35}$/.test(txid);
}

const TXID_RANDOM_BYTES = 16;

/**
 * A new charge txid from 128 random bits, as 32 lower-case hex digits: within the allowed alphabet by
 * construction, and no two can differ only in case, should a PSP or a reconciliation sheet fold it. The random
 * source is a parameter so that tests can pin the result; production passes `crypto.randomBytes`.
 */
export function newTxid(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(TXID_RANDOM_BYTES);
  if (bytes.length !== TXID_RANDOM_BYTES) {
    throw new RangeError(`the random source gave ${bytes.length} bytes for ${TXID_RANDOM_BYTES}`);
  }
  return Buffer.from(bytes).toString('hex');
}
