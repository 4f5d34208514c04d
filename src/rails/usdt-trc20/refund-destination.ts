import { AppError } from '../../domain/errors.js';
import type { RefundDestination } from '../connector.js';
import { normalizeAddress } from './address.js';

/** A USDT refund goes to the Tron address the payer gives: base58check (T…) or hex, checked, stored as T…. */
export function checkTrc20Address(destination: unknown): RefundDestination {
  const d = destination as { type?: string; address?: unknown };
  if (d?.type !== 'trc20_address') throw AppError.invalidField('/destination/type', 'invalid_value', 'must be trc20_address for a usdt_trc20 payment');
  const address = normalizeAddress(d.address);
  if (!address) throw AppError.invalidField('/destination/address', 'invalid_format', 'must be a Tron address (T… with a valid checksum)');
  return { type: 'trc20_address', address };
}

/** A transaction id: 32 bytes in hex (TronScan shows it so; a 0x is dropped), lower-cased. */
export function transactionHashOf(hash: string): string | null {
  const hex = hash.trim().replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
