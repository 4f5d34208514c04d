import { AppError } from '../../domain/errors.js';
import { isValidCnpj, isValidCpf } from '../../domain/tax-id.js';
import type { RefundDestination } from '../connector.js';

const invalid = (field: string, message: string) => AppError.invalidField(`/destination/${field}`, 'invalid_format', message);

/**
 * A boleto is refunded by a transfer to the payer's Brazilian account: the bank's COMPE code, the agência
 * (a check digit after a dash dropped: transfers name the branch by its number), the conta with its check
 * digit, and the holder's CPF or CNPJ, which must be valid (a transfer to a wrong holder is refused by the bank).
 */
export function checkBrBankAccount(destination: unknown): RefundDestination {
  const d = destination as Partial<Extract<RefundDestination, { type: 'br_bank_account' }>> & { type?: string };
  if (d?.type !== 'br_bank_account') throw AppError.invalidField('/destination/type', 'invalid_value', 'must be br_bank_account for a boleto payment');
  const bankCode = (d.bankCode ?? '').trim();
  if (!/^\d{3}$/.test(bankCode)) throw invalid('bank_code', "must be the bank's 3-digit COMPE code");
  const branch = (d.branch ?? '').trim().replace(/-[\dxX]$/, '');
  if (!/^\d{1,5}$/.test(branch)) throw invalid('branch', 'must be the agência: 1 to 5 digits');
  const account = (d.account ?? '').trim().replace(/[-\s]/g, '');
  if (!/^\d{2,20}$/.test(account)) throw invalid('account', 'must be the account number and its check digit: 2 to 20 digits');
  const holderName = (d.holderName ?? '').trim();
  if (!holderName) throw invalid('holder_name', 'must name the account holder');
  const holderTaxId = (d.holderTaxId ?? '').replace(/[.\-/\s]/g, '');
  if (!(holderTaxId.length === 11 ? isValidCpf(holderTaxId) : holderTaxId.length === 14 && isValidCnpj(holderTaxId))) {
    throw invalid('holder_tax_id', "must be the holder's valid CPF (11 digits) or CNPJ (14)");
  }
  return { type: 'br_bank_account', bankCode, branch, account, accountType: d.accountType === 'savings' ? 'savings' : 'checking', holderName, holderTaxId };
}
