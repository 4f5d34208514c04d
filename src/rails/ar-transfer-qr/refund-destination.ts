import { AppError } from '../../domain/errors.js';
import type { RefundDestination } from '../connector.js';
import { parseCbu, parseCuit } from './cbu.js';
import { ArQrFormatError } from './errors.js';

/** The rail's format errors, named under /destination. */
function underDestination<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ArQrFormatError) throw AppError.invalidField(`/destination/${field}`, error.reason, error.detail);
    throw error;
  }
}

/** A transfer-QR payment is refunded by a transfer to the payer's CBU or CVU (both check digits checked), held by the CUIT/CUIL given. */
export function checkArBankAccount(destination: unknown): RefundDestination {
  const d = destination as Partial<Extract<RefundDestination, { type: 'ar_bank_account' }>> & { type?: string };
  if (d?.type !== 'ar_bank_account') throw AppError.invalidField('/destination/type', 'invalid_value', 'must be ar_bank_account for an ar_transfer_qr payment');
  const cbu = underDestination('cbu', () => parseCbu(d.cbu ?? '').value);
  const holderName = (d.holderName ?? '').trim();
  if (!holderName) throw AppError.invalidField('/destination/holder_name', 'invalid_format', 'must name the account holder');
  const holderTaxId = underDestination('holder_tax_id', () => parseCuit(d.holderTaxId ?? ''));
  return { type: 'ar_bank_account', cbu, holderName, holderTaxId };
}
