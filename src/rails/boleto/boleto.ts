import { bancoDoBrasil } from './banco-do-brasil.js';
import type { BankLayout, BoletoBankSettings, FreeFieldContents } from './bank-layout.js';
import { buildBarcode, digitableLineFromBarcode, formatDigitableLine, type ParsedBarcode } from './barcode.js';
import type { IsoDate } from './due-date.js';
import { BoletoFormatError } from './errors.js';
import { itau } from './itau.js';

const LAYOUTS: ReadonlyMap<string, BankLayout> = new Map([bancoDoBrasil, itau].map((layout) => [layout.bankCode, layout]));

function bankLayout(bankCode: string): BankLayout {
  const layout = LAYOUTS.get(bankCode);
  if (!layout) {
    const supported = [...LAYOUTS.keys()].join(', ');
    throw new BoletoFormatError('bank_code', 'unsupported', `${bankCode} has no campo livre layout here (supported: ${supported})`);
  }
  return layout;
}

/**
 * The nosso número for the merchant's `sequence`-th boleto: the sequence itself, zero-padded to the bank's length.
 * The bank identifies a boleto by it, so the sequence must never repeat within the agreement; 0 is refused, as
 * an all-zero nosso número cannot be told from a blank one.
 */
export function ourNumberFromSequence(settings: BoletoBankSettings, sequence: number): string {
  const length = bankLayout(settings.bankCode).ourNumberLength;
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= 10 ** length) {
    throw new BoletoFormatError('our_number', 'out_of_range', `sequence must be from 1 to ${10 ** length - 1}`);
  }
  return String(sequence).padStart(length, '0');
}

export interface BoletoRequest {
  settings: BoletoBankSettings;
  ourNumber: string;
  dueDate: IsoDate | null;
  /** Integer centavos. */
  amount: number;
}

/** Everything a slip prints, or a connector registers with the bank, for one boleto. */
export interface Boleto {
  bankCode: string;
  /** The code with its check digit, as the slip's header prints it: `001-9`. */
  bankCodeText: string;
  bankName: string;
  barcode: string;
  /** 47 digits, without punctuation. */
  digitableLine: string;
  /** `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`. */
  digitableLineText: string;
  dueDate: IsoDate | null;
  amount: number;
  wallet: string;
  ourNumber: string;
  ourNumberText: string;
  beneficiaryCodeText: string;
}

export function buildBoleto(request: BoletoRequest): Boleto {
  const layout = bankLayout(request.settings.bankCode);
  const slip = layout.slipFields(request.settings, request.ourNumber);
  const barcode = buildBarcode({
    bankCode: layout.bankCode,
    dueDate: request.dueDate,
    amount: request.amount,
    freeField: slip.freeField,
  });
  const digitableLine = digitableLineFromBarcode(barcode);
  // Read back rather than padded again here, so the Boleto reports exactly what its barcode carries.
  const contents = layout.readFreeField(slip.freeField);
  return {
    bankCode: layout.bankCode,
    bankCodeText: `${layout.bankCode}-${layout.bankCodeCheckDigit}`,
    bankName: layout.bankName,
    barcode,
    digitableLine,
    digitableLineText: formatDigitableLine(digitableLine),
    dueDate: request.dueDate,
    amount: request.amount,
    wallet: contents.wallet,
    ourNumber: contents.ourNumber,
    ourNumberText: slip.ourNumberText,
    beneficiaryCodeText: slip.beneficiaryCodeText,
  };
}

/** What the campo livre of a parsed barcode says, by its bank's layout (checking the bank's own check digits). */
export function readFreeField(parsed: Pick<ParsedBarcode, 'bankCode' | 'freeField'>): FreeFieldContents {
  return bankLayout(parsed.bankCode).readFreeField(parsed.freeField);
}
