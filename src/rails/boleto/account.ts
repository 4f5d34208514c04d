import { Type } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import type { RailAccount } from '../../domain/payment-settings.js';
import { isValidCnpj, isValidCpf } from '../../domain/tax-id.js';
import type { BoletoBankSettings } from './bank-layout.js';
import { buildBoleto, ourNumberFromSequence } from './boleto.js';
import { BoletoFormatError } from './errors.js';

/** A merchant's boleto agreement with its bank, and who its slips name as beneficiary. */
export interface BoletoAccount {
  provider: string;
  bank_code: string;
  agency: string;
  account: string;
  wallet: string;
  agreement: string | null;
  beneficiary_name: string;
  beneficiary_tax_id: string;
}

const digits = (max: number, description: string) => Type.String({ pattern: '^[0-9]+$', minLength: 1, maxLength: max, description });

export const boletoAccountSchema = Type.Object(
  {
    bank_code: Type.String({ pattern: '^[0-9]{3}$', description: 'FEBRABAN bank code: 001 (Banco do Brasil) or 341 (Itaú)' }),
    agency: digits(5, 'Agência, without its check digit'),
    account: digits(12, 'Conta corrente, without its check digit'),
    wallet: digits(3, 'Carteira'),
    agreement: Type.Optional(Type.Union([digits(7, 'Convênio (Banco do Brasil: 7 digits)'), Type.Null()])),
    beneficiary_name: Type.String({ minLength: 1, maxLength: 100, description: 'The beneficiary the slip prints' }),
    beneficiary_tax_id: Type.String({ pattern: '^[0-9]{11}$|^[0-9]{14}$', description: "The beneficiary's CPF or CNPJ, digits only" }),
  },
  { additionalProperties: false },
);

export const bankSettingsOf = (account: BoletoAccount): BoletoBankSettings => ({
  bankCode: account.bank_code,
  agency: account.agency,
  account: account.account,
  wallet: account.wallet,
  ...(account.agreement ? { agreement: account.agreement } : {}),
});

/** Checks the agreement by its bank's layout, by building a boleto with it: the format's checks name the field at fault. */
export function checkBoletoAccount(raw: RailAccount): RailAccount {
  const account = { agreement: null, ...raw } as unknown as BoletoAccount;
  const taxId = account.beneficiary_tax_id;
  if (!(taxId.length === 11 ? isValidCpf(taxId) : isValidCnpj(taxId))) {
    throw AppError.invalidField('/boleto/beneficiary_tax_id', 'check_digit_mismatch', 'is not a valid CPF or CNPJ');
  }
  try {
    const settings = bankSettingsOf(account);
    buildBoleto({ settings, ourNumber: ourNumberFromSequence(settings, 1), dueDate: null, amount: 100 });
  } catch (error) {
    if (!(error instanceof BoletoFormatError)) throw error;
    throw AppError.invalidField(`/boleto/${error.field}`, error.reason, error.message.slice(error.field.length + 1));
  }
  return { ...account, beneficiary_name: account.beneficiary_name.trim() } as unknown as RailAccount;
}

/** Test mode's account: Banco do Brasil's layout with a made-up agreement, beneficiary a valid but fictitious CNPJ. */
export function sandboxBoletoAccount(provider: string): RailAccount {
  return {
    provider,
    bank_code: '001',
    agency: '1234',
    account: '12345678',
    wallet: '17',
    agreement: '1234567',
    beneficiary_name: 'Payorders Sandbox',
    beneficiary_tax_id: '11222333000181',
  };
}
