import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { HDKey } from '@scure/bip32';

/**
 * Tron addresses: the last 20 bytes of keccak-256 of the uncompressed secp256k1 public key (without its 0x04),
 * behind the mainnet prefix 0x41, in base58check (a 4-byte double-SHA-256 checksum): 34 characters from "T".
 * Deposit addresses come from the merchant's account-level xpub (BIP44 m/44'/195'/account'), on its external
 * chain: <xpub>/0/<index>. Only public keys are ever derived here: the service holds no private key.
 */
const base58check = createBase58check(sha256);
const MAINNET_PREFIX = 0x41;

/** The official Tether USD (TRC20) contract on Tron mainnet. */
export const USDT_CONTRACT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

export function addressFromPublicKey(publicKey: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  const hash = keccak_256(uncompressed.subarray(1));
  const payload = new Uint8Array(21);
  payload[0] = MAINNET_PREFIX;
  payload.set(hash.subarray(12), 1);
  return base58check.encode(payload);
}

/** The 21 bytes (0x41 and 20) of a base58check Tron address, or null when it is not one. */
export function decodeAddress(address: string): Uint8Array | null {
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) return null;
  try {
    const bytes = base58check.decode(address);
    return bytes.length === 21 && bytes[0] === MAINNET_PREFIX ? bytes : null;
  } catch {
    return null;
  }
}

export const isTronAddress = (address: string) => decodeAddress(address) !== null;

/**
 * An address as an API may write it (base58 `T…`, hex `41…`, or an EVM-style `0x…` of the 20 bytes, as TronGrid's
 * event results do) in base58, or null when it is none of them.
 */
export function normalizeAddress(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  if (text.startsWith('T')) return isTronAddress(text) ? text : null;
  const hex = text.startsWith('0x') ? `41${text.slice(2)}` : text;
  if (!/^41[0-9a-fA-F]{40}$/.test(hex)) return null;
  return base58check.encode(Uint8Array.from(Buffer.from(hex, 'hex')));
}

/** The hex form (41 + 20 bytes) of a base58 address. */
export function hexAddress(address: string): string {
  const bytes = decodeAddress(address);
  if (!bytes) throw new RangeError('not a Tron address');
  return Buffer.from(bytes).toString('hex');
}

export class XpubError extends Error {}

/** Parses an extended public key; a private one (xprv) is refused: the service must never hold it. */
export function parseXpub(xpub: string): HDKey {
  if (!/^xpub[1-9A-HJ-NP-Za-km-z]{100,112}$/.test(xpub)) throw new XpubError('must be an extended public key (xpub…); never an xprv');
  let key: HDKey;
  try {
    key = HDKey.fromExtendedKey(xpub);
  } catch (error) {
    throw new XpubError(`does not decode (${(error as Error).message})`);
  }
  if (key.privateKey) throw new XpubError('holds a private key');
  return key;
}

/** The deposit address <xpub>/0/<index>. */
export function depositAddress(xpub: HDKey | string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** 31) throw new RangeError('a derivation index is from 0 to 2^31 - 1');
  const key = typeof xpub === 'string' ? parseXpub(xpub) : xpub;
  return addressFromPublicKey(key.deriveChild(0).deriveChild(index).publicKey!);
}
