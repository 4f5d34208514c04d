/**
 * The Argentine interoperable transfer QR ("Pago con Transferencia", BCRA Com. "A" 6425 / 7153 / 8303): an
 * EMV® QRCPS merchant-presented payload, as the Pix BR Code is, with the receiver's CBU or CVU in the
 * merchant-account template 51 (Com. "A" 6668). The scheme's identifier in 51.00 comes from configuration: the
 * exact strings are the schemes' (COELSA, Red Link, Prisma), not in any public text we could check.
 */
import { decodeEmvPayload, decodeTlv, emvFieldRules, encodeEmvPayload, type EmvField } from '../emv.js';
import { parseCbu, parseCuit, type Cbu } from './cbu.js';
import { ArQrFormatError, type ArQrField } from './errors.js';

const rules = emvFieldRules<ArQrField>(ArQrFormatError);

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

/** The payload of a transfer QR: single-use with an amount, reusable without. */
export function buildArQr(input: ArQrInput): string {
  if (!/^[\x21-\x7e]{1,32}$/.test(input.schemeGui)) throw new ArQrFormatError('merchant_account', 'invalid_format', 'scheme identifier must be 1 to 32 printable characters');
  const account = parseCbu(input.cbu);
  const mcc = rules.categoryCode('merchant_category_code', input.merchantCategoryCode ?? '0000');
  const amount = input.amount === undefined ? undefined : rules.amount('amount', input.amount);
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
    ...(amount === undefined ? [] : [{ id: '54', value: amount }]),
    { id: '58', value: ARGENTINA },
    { id: '59', value: rules.text('merchant_name', input.merchantName, MAX_NAME) },
    { id: '60', value: rules.text('merchant_city', input.merchantCity, MAX_CITY) },
    ...(input.reference === undefined ? [] : [{ id: ADDITIONAL_DATA, value: [{ id: REFERENCE_LABEL, value: input.reference }] }]),
  ];
  return encodeEmvPayload(fields);
}

/** Parses a transfer QR payload, checking its CRC, its ARS and AR, and the CBU/CVU's check digits. */
export function parseArQr(payload: string): ArQr {
  const top = rules.decode('payload', 'crc', () => decodeEmvPayload(payload));
  const account = rules.decode('merchant_account', 'crc', () => decodeTlv(top.get(ACCOUNT_TEMPLATE) ?? '', ACCOUNT_TEMPLATE));
  const additional = top.has(ADDITIONAL_DATA) ? rules.decode('reference', 'crc', () => decodeTlv(top.get(ADDITIONAL_DATA)!, ADDITIONAL_DATA)) : null;
  const taxId = top.has(TAX_ID_TEMPLATE) ? rules.decode('cuit', 'crc', () => decodeTlv(top.get(TAX_ID_TEMPLATE)!, TAX_ID_TEMPLATE)) : null;
  rules.expect(top, '00', 'payload_format', PAYLOAD_FORMAT);
  const initiation = top.get('01');
  if (initiation !== REUSABLE && initiation !== SINGLE_USE) throw new ArQrFormatError('point_of_initiation', 'invalid_format', 'must be 11 or 12 (field 01)');
  rules.expect(top, '53', 'currency', ARS);
  rules.expect(top, '58', 'country_code', ARGENTINA);
  const gui = account.get('00');
  const cbu = account.get('01');
  if (!gui || !cbu) throw new ArQrFormatError('merchant_account', 'required', 'template 51 must hold a scheme identifier (00) and a CBU or CVU (01)');
  const amountText = top.get('54');
  const mcc = rules.categoryCode('merchant_category_code', rules.required(top, '52', 'merchant_category_code'));
  const name = rules.receivedText(top, '59', 'merchant_name', MAX_NAME);
  const city = rules.receivedText(top, '60', 'merchant_city', MAX_CITY);
  return {
    singleUse: initiation === SINGLE_USE,
    schemeGui: gui,
    account: parseCbu(cbu),
    cuit: taxId?.get('00') ? parseCuit(taxId.get('00')!) : null,
    merchantCategoryCode: mcc,
    amount: amountText === undefined ? null : rules.minorUnitsOf('amount', amountText),
    merchantName: name,
    merchantCity: city,
    reference: additional?.get(REFERENCE_LABEL) ?? null,
  };
}
