import { Type } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import type { RailAccount } from '../../domain/payment-settings.js';
import { buildBrCode } from './br-code.js';
import { PixFormatError } from './errors.js';
import { parsePixKey } from './pix-key.js';

/** A merchant's Pix receiving account: the key payments go to, and the name and city its BR Codes carry. */
export interface PixAccount {
  provider: string;
  key: string;
  merchant_name: string;
  merchant_city: string;
}

export const pixAccountSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 77, description: 'Pix key: CPF or CNPJ (digits only), email, +55 phone or random key (UUID)' }),
    merchant_name: Type.String({ minLength: 1, maxLength: 100, description: 'Shown to the payer; at most 25 characters once accents are dropped' }),
    merchant_city: Type.String({ minLength: 1, maxLength: 100, description: 'At most 15 characters once accents are dropped' }),
  },
  { additionalProperties: false },
);

/**
 * Checks the account as a BR Code would carry it, by building one: the Pix format's own checks (the key's
 * form and check digits, the name's and city's length without accents) decide, and name the field at fault.
 */
export function checkPixAccount(account: RailAccount): RailAccount {
  const { provider, key, merchant_name, merchant_city } = account as unknown as PixAccount;
  try {
    buildBrCode({ kind: 'static', key, merchantName: merchant_name, merchantCity: merchant_city });
  } catch (error) {
    if (!(error instanceof PixFormatError)) throw error;
    throw AppError.invalidField(`/pix/${error.field}`, error.reason, error.message.slice(error.field.length + 1));
  }
  return { provider, key: parsePixKey(key).value, merchant_name: merchant_name.trim(), merchant_city: merchant_city.trim() };
}

/** Test mode's account: the merchant's id, a UUID, as a random key that no bank has registered. */
export function sandboxPixAccount(merchantId: string, provider: string): RailAccount {
  return { provider, key: merchantId, merchant_name: 'Payorders Sandbox', merchant_city: 'Sao Paulo' };
}
