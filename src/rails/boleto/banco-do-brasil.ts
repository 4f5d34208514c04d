import type { BankLayout, BankSlipFields, BoletoBankSettings, FreeFieldContents } from './bank-layout.js';
import { FREE_FIELD_LENGTH } from './barcode.js';
import { mod11WeightedSum } from './check-digits.js';
import { BoletoFormatError, padDigits, requireDigits } from './errors.js';

/**
 * Banco do Brasil (001), convênio de 7 dígitos (Banco do Brasil, "Especificações técnicas para confecção de
 * boleto de cobrança"): campo livre = 000000 + convênio (7) + complemento do nosso número (10) + carteira (2).
 * The nosso número is the convênio followed by the complement, 17 digits with no check digit of its own.
 */
const AGREEMENT_LENGTH = 7;
const OUR_NUMBER_LENGTH = 10;
const FREE_FIELD_PREFIX = '000000';

function slipFields(settings: BoletoBankSettings, ourNumber: string): BankSlipFields {
  const agreement = requireSevenDigitAgreement(settings.agreement ?? '');
  const complement = padDigits('our_number', ourNumber, OUR_NUMBER_LENGTH);
  const wallet = requireDigits('wallet', settings.wallet, 2);
  const agency = padDigits('agency', settings.agency, 4);
  const account = padDigits('account', settings.account, 8);
  return {
    freeField: FREE_FIELD_PREFIX + agreement + complement + wallet,
    ourNumberText: agreement + complement,
    beneficiaryCodeText: `${agency}-${checkDigit(agency)} / ${account}-${checkDigit(account)}`,
  };
}

function readFreeField(freeField: string): FreeFieldContents {
  requireDigits('free_field', freeField, FREE_FIELD_LENGTH);
  if (!freeField.startsWith(FREE_FIELD_PREFIX) || freeField[6] === '0') {
    throw new BoletoFormatError('free_field', 'unsupported', 'is not a Banco do Brasil campo livre for a 7-digit convênio');
  }
  return { agreement: freeField.slice(6, 13), ourNumber: freeField.slice(13, 23), wallet: freeField.slice(23) };
}

/** Shorter convênios (4, 6 or 8 digits) lay the campo livre out differently; a leading 0 means one of those. */
function requireSevenDigitAgreement(agreement: string): string {
  requireDigits('agreement', agreement, AGREEMENT_LENGTH);
  if (agreement.startsWith('0')) {
    throw new BoletoFormatError('agreement', 'unsupported', 'must be a 7-digit convênio (1000000 or above); other lengths use other layouts');
  }
  return agreement;
}

/** BB's agency and account check digit: módulo 11, where 10 prints as X and 11 as 0. */
function checkDigit(digits: string): string {
  const digit = 11 - (mod11WeightedSum(digits) % 11);
  if (digit === 10) return 'X';
  return digit === 11 ? '0' : String(digit);
}

export const bancoDoBrasil: BankLayout = {
  bankCode: '001',
  bankCodeCheckDigit: '9',
  bankName: 'Banco do Brasil',
  ourNumberLength: OUR_NUMBER_LENGTH,
  slipFields,
  readFreeField,
};
