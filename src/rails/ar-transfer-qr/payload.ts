/**
 * The Argentine interoperable transfer QR ("Pago con Transferencia", BCRA Com. "A" 6425 / 7153 / 8303): an
 * EMV® QRCPS merchant-presented payload, as the Pix BR Code is, with the receiver's CBU or CVU in the
 * merchant-account template 51 (Com. "A" 6668). The scheme's identifier in 51.00 comes from configuration: the
 * exact strings are the schemes' (COELSA, Red Link, Prisma), not in any public text we could check.
 */
import { decodeEmvPayload, decodeTlv, EmvFormatError, encodeEmvPayload, type EmvField } from '../pix/emv.js';
import { parseCbu, parseCuit, type Cbu } from './cbu.js';
import { ArQrFormatError, type ArQrField } from './errors.js';

const PAYLOAD_FORMAT = '01';
const REUSABLE = '11';
const SINGLE_USE = '12';
const ARS = '032';
const ARGENTINA = 'AR';
/** The merchant-account template of the CBU/CVU. */
const ACCOUNT_TEMPLATE = '51';
/** The template naming the receiver by CUIT (as wallets' codes do). */
const TAX_ID_TEMPLATE = '50';
const ADDITIONAL_DATA = '62';
const REFERENCE_LABEL = '05';
const MAX_NAME = 25;
const MAX_CITY = 15;
const MAX_REFERENCE = 25;
// "9999999999.99": field 54 holds at most 13 characters.
const MAX_AMOUNT = 999_999_999_999;

export interface ArQrInput {
  /** The scheme's globally unique identifier for 51.00 (configuration). */
  schemeGui: string;
  cbu: string;
  cuit?: string | null;
  merchantName: string;
  merchantCity: string;
  merchantCategoryCode?: string;
  /** Integer centavos; without it the payer types the amount (a reusable code). */
  amount?: number;
  /** What names the payment in the transfer (62.05): letters and digits. */
  reference?: string;
}

export interface ArQr {
  singleUse: boolean;
  schemeGui: string;
  account: Cbu;
  cuit: string | null;
  merchantCategoryCode: string;
  amount: number | null;
  merchantName: string;
  merchantCity: string;
  reference: string | null;
}

/** Accents dropped (Ñ → N, á → a), then printable ASCII within `max` characters. */
function asciiText(field: ArQrField, value: string, max: number): string {
  const text = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
  if (text === '') throw new ArQrFormatError(field, 'required', 'must not be empty');
  if (!/^[\x20-\x7e]+$/.test(text)) throw new ArQrFormatError(field, 'not_ascii', 'must be letters, digits and punctuation once accents are dropped');
  if (text.length > max) throw new ArQrFormatError(field, 'too_long', `is ${text.length} characters once accents are dropped; at most ${max}`);
  return text;
}

const formatAmount = (centavos: number) => {
  const digits = String(centavos).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

/** The payload of a transfer QR: single-use with an amount, reusable without. */
export function buildArQr(input: ArQrInput): string {
  if (!/^[\x21-\x7e]{1,32}$/.test(input.schemeGui)) throw new ArQrFormatError('merchant_account', 'invalid_format', 'scheme identifier must be 1 to 32 printable characters');
  const account = parseCbu(input.cbu);
  const mcc = input.merchantCategoryCode ?? '0000';
  if (!/^\d{4}$/.test(mcc)) throw new ArQrFormatError('merchant_category_code', 'invalid_format', 'must be 4 digits (ISO 18245)');
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT)) {
    throw new ArQrFormatError('amount', 'out_of_range', `must be a positive number of centavos up to ${MAX_AMOUNT}`);
  }
  if (input.reference !== undefined && !/^[A-Za-z0-9]{1,25}$/.test(input.reference)) {
    throw new ArQrFormatError('reference', 'invalid_format', `must be 1 to ${MAX_REFERENCE} letters and digits`);
  }
  const fields: EmvField[] = [
    { id: '00', value: PAYLOAD_FORMAT },
    { id: '01', value: input.amount === undefined ? REUSABLE : SINGLE_USE },
    ...(input.cuit ? [{ id: TAX_ID_TEMPLATE, value: [{ id: '00', value: parseCuit(input.cuit) }] }] : []),
    { id: ACCOUNT_TEMPLATE, value: [{ id: '00', value: input.schemeGui }, { id: '01', value: account.value }] },
    { id: '52', value: mcc },
    { id: '53', value: ARS },
    ...(input.amount === undefined ? [] : [{ id: '54', value: formatAmount(input.amount) }]),
    { id: '58', value: ARGENTINA },
    { id: '59', value: asciiText('merchant_name', input.merchantName, MAX_NAME) },
    { id: '60', value: asciiText('merchant_city', input.merchantCity, MAX_CITY) },
    ...(input.reference === undefined ? [] : [{ id: ADDITIONAL_DATA, value: [{ id: REFERENCE_LABEL, value: input.reference }] }]),
  ];
  return encodeEmvPayload(fields);
}

function emvError(error: unknown): never {
  if (!(error instanceof EmvFormatError)) throw error;
  const field: ArQrField = error.tag === '63' ? 'crc' : 'payload';
  throw new ArQrFormatError(field, error.reason === 'crc_mismatch' ? 'crc_mismatch' : 'invalid_format', `${error.tag}: ${error.detail}`);
}

/** Parses a transfer QR payload, checking its CRC, its ARS and AR, and the CBU/CVU's check digits. */
export function parseArQr(payload: string): ArQr {
  let top: Map<string, string>;
  let account: Map<string, string>;
  let additional: Map<string, string> | null;
  let taxId: Map<string, string> | null;
  try {
    top = decodeEmvPayload(payload);
    account = decodeTlv(top.get(ACCOUNT_TEMPLATE) ?? '', ACCOUNT_TEMPLATE);
    additional = top.has(ADDITIONAL_DATA) ? decodeTlv(top.get(ADDITIONAL_DATA)!, ADDITIONAL_DATA) : null;
    taxId = top.has(TAX_ID_TEMPLATE) ? decodeTlv(top.get(TAX_ID_TEMPLATE)!, TAX_ID_TEMPLATE) : null;
  } catch (error) {
    return emvError(error);
  }
  const expect = (id: string, field: ArQrField, value: string) => {
    if (top.get(id) !== value) throw new ArQrFormatError(field, 'invalid_format', `must be ${value} (field ${id})`);
  };
  expect('00', 'payload_format', PAYLOAD_FORMAT);
  const initiation = top.get('01');
  if (initiation !== REUSABLE && initiation !== SINGLE_USE) throw new ArQrFormatError('point_of_initiation', 'invalid_format', 'must be 11 or 12 (field 01)');
  expect('53', 'currency', ARS);
  expect('58', 'country_code', ARGENTINA);
  const gui = account.get('00');
  const cbu = account.get('01');
  if (!gui || !cbu) throw new ArQrFormatError('merchant_account', 'required', 'template 51 must hold a scheme identifier (00) and a CBU or CVU (01)');
  const amountText = top.get('54');
  if (amountText !== undefined && !/^\d{1,10}\.\d{2}$/.test(amountText)) throw new ArQrFormatError('amount', 'invalid_format', 'must be digits, a point and 2 decimals (field 54)');
  const mcc = top.get('52');
  if (!mcc || !/^\d{4}$/.test(mcc)) throw new ArQrFormatError('merchant_category_code', 'invalid_format', 'must be 4 digits (field 52)');
  const name = top.get('59');
  const city = top.get('60');
  if (!name || name.length > MAX_NAME) throw new ArQrFormatError('merchant_name', 'invalid_format', `must be 1 to ${MAX_NAME} characters (field 59)`);
  if (!city || city.length > MAX_CITY) throw new ArQrFormatError('merchant_city', 'invalid_format', `must be 1 to ${MAX_CITY} characters (field 60)`);
  return {
    singleUse: initiation === SINGLE_USE,
    schemeGui: gui,
    account: parseCbu(cbu),
    cuit: taxId?.get('00') ? parseCuit(taxId.get('00')!) : null,
    merchantCategoryCode: mcc,
    amount: amountText === undefined ? null : Number(amountText.replace('.', '')),
    merchantName: name,
    merchantCity: city,
    reference: additional?.get(REFERENCE_LABEL) ?? null,
  };
}
