import { Type } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import type { RailAccount } from '../../domain/payment-settings.js';
import { cbuOf, parseCbu, parseCuit } from './cbu.js';
import { ArQrFormatError } from './errors.js';
import { buildArQr } from './payload.js';

/** A merchant's account for transfer QRs: the CBU or CVU transfers go to, and what its codes show the payer. */
export interface ArQrAccount {
  provider: string;
  cbu: string;
  cuit: string | null;
  merchant_name: string;
  merchant_city: string;
  merchant_category_code: string;
}

export const arQrAccountSchema = Type.Object(
  {
    cbu: Type.String({ minLength: 1, maxLength: 40, description: 'The CBU or CVU transfers are paid to: 22 digits, both check digits checked' }),
    cuit: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20, description: "The receiver's CUIT (11 digits), shown to the payer" }), Type.Null()])),
    merchant_name: Type.String({ minLength: 1, maxLength: 100, description: 'Shown to the payer; at most 25 characters once accents are dropped' }),
    merchant_city: Type.String({ minLength: 1, maxLength: 100, description: 'At most 15 characters once accents are dropped' }),
    merchant_category_code: Type.Optional(Type.String({ pattern: '^\\d{4}$', description: 'ISO 18245 MCC; 0000 when not given' })),
  },
  { additionalProperties: false },
);

/** Checks the account as a payload would carry it, by building one, so the format's own checks name the field at fault. */
export function checkArQrAccount(schemeGui: string) {
  return (account: RailAccount): RailAccount => {
    const input = account as unknown as Partial<ArQrAccount> & { provider: string };
    const checked: ArQrAccount = {
      provider: input.provider,
      cbu: input.cbu ?? '',
      cuit: input.cuit ?? null,
      merchant_name: (input.merchant_name ?? '').trim(),
      merchant_city: (input.merchant_city ?? '').trim(),
      merchant_category_code: input.merchant_category_code ?? '0000',
    };
    try {
      buildArQr({ schemeGui, cbu: checked.cbu, cuit: checked.cuit, merchantName: checked.merchant_name, merchantCity: checked.merchant_city, merchantCategoryCode: checked.merchant_category_code });
      checked.cbu = parseCbu(checked.cbu).value;
      checked.cuit = checked.cuit && parseCuit(checked.cuit);
    } catch (error) {
      if (!(error instanceof ArQrFormatError)) throw error;
      throw AppError.invalidField(`/ar_transfer_qr/${error.field}`, error.reason, error.detail);
    }
    return checked as unknown as RailAccount;
  };
}

/**
 * Test mode's account: a CVU of entity 000 and PSP 0000, which no PSP has, its account digits from the
 * merchant's id, with valid check digits, so sandbox codes parse like real ones and pay nowhere.
 */
export function sandboxArQrAccount(merchantId: string, provider: string): RailAccount {
  const account = (BigInt(`0x${merchantId.replace(/-/g, '')}`) % 10n ** 13n).toString().padStart(13, '0');
  const sandbox: ArQrAccount = { provider, cbu: cbuOf('0000000', account), cuit: null, merchant_name: 'Payorders Sandbox', merchant_city: 'Buenos Aires', merchant_category_code: '0000' };
  return sandbox as unknown as RailAccount;
}
