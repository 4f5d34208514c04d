import type { BankLayout, BankSlipFields, BoletoBankSettings, FreeFieldContents } from './bank-layout.js';
import { FREE_FIELD_LENGTH } from './barcode.js';
import { mod10 } from './check-digits.js';
import { BoletoFormatError, padDigits, requireDigits } from './errors.js';

/**
 * Itaú (341), the layout of its ordinary carteiras (Itaú, "Cobrança: especificações técnicas"): campo livre =
 * carteira (3) + nosso número (8) + DAC of the nosso número + agência (4) + conta (5) + DAC of agência and
 * conta + 000. Both DACs are módulo 10, the same rule as the digitable line's fields.
 */
const OUR_NUMBER_LENGTH = 8;

/** These carteiras put "seu número" and a client code in the campo livre instead: another layout, not built here. */
const SEU_NUMERO_WALLETS = new Set(['106', '107', '122', '142', '143', '195', '196', '198']);

/** For these carteiras the nosso número's DAC covers only carteira and nosso número (Itaú's manual, annex 4). */
const WALLET_ONLY_DAC_WALLETS = new Set(['126', '131', '146', '150', '168']);

/** Some libraries count 112 among those exceptions and the manual's list does not: refused until a bank confirms. */
const UNSETTLED_DAC_WALLETS = new Set(['112']);

function slipFields(settings: BoletoBankSettings, ourNumber: string): BankSlipFields {
  const wallet = requireOrdinaryWallet(padDigits('wallet', settings.wallet, 3));
  const paddedOurNumber = padDigits('our_number', ourNumber, OUR_NUMBER_LENGTH);
  const agency = padDigits('agency', settings.agency, 4);
  const account = padDigits('account', settings.account, 5);
  const ourNumberDac = ourNumberCheckDigit(agency, account, wallet, paddedOurNumber);
  const accountDac = mod10(agency + account);
  return {
    freeField: `${wallet}${paddedOurNumber}${ourNumberDac}${agency}${account}${accountDac}000`,
    ourNumberText: `${wallet}/${paddedOurNumber}-${ourNumberDac}`,
    beneficiaryCodeText: `${agency} / ${account}-${accountDac}`,
  };
}

function readFreeField(freeField: string): FreeFieldContents {
  requireDigits('free_field', freeField, FREE_FIELD_LENGTH);
  const wallet = requireOrdinaryWallet(freeField.slice(0, 3));
  const ourNumber = freeField.slice(3, 11);
  const agency = freeField.slice(12, 16);
  const account = freeField.slice(16, 21);
  if (freeField.slice(22) !== '000') {
    throw new BoletoFormatError('free_field', 'unsupported', 'does not end in 000 as an Itaú campo livre does');
  }
  requireDac('our number', freeField[11]!, ourNumberCheckDigit(agency, account, wallet, ourNumber));
  requireDac('agência and conta', freeField[21]!, mod10(agency + account));
  return { wallet, ourNumber, agency, account };
}

function ourNumberCheckDigit(agency: string, account: string, wallet: string, ourNumber: string): number {
  return mod10(WALLET_ONLY_DAC_WALLETS.has(wallet) ? wallet + ourNumber : agency + account + wallet + ourNumber);
}

function requireOrdinaryWallet(wallet: string): string {
  if (SEU_NUMERO_WALLETS.has(wallet)) {
    throw new BoletoFormatError('wallet', 'unsupported', `carteira ${wallet} uses Itaú's seu-número layout, which is not supported`);
  }
  if (UNSETTLED_DAC_WALLETS.has(wallet)) {
    throw new BoletoFormatError('wallet', 'unsupported', `carteira ${wallet}'s nosso-número DAC rule is not settled; not supported`);
  }
  return wallet;
}

function requireDac(what: string, given: string, expected: number): void {
  if (Number(given) !== expected) {
    throw new BoletoFormatError('free_field', 'check_digit_mismatch', `has DAC ${given} for the ${what}, expected ${expected}`);
  }
}

export const itau: BankLayout = {
  bankCode: '341',
  bankCodeCheckDigit: '7',
  bankName: 'Itaú',
  ourNumberLength: OUR_NUMBER_LENGTH,
  slipFields,
  readFreeField,
};
