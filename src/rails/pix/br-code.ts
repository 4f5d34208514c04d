/**
 * Pix BR Codes (the "copia e cola" text a Pix QR code holds), per the Banco Central's Manual de Padrões para
 * Iniciação do Pix on top of EMV QRCPS-MPM: built from our inputs, and parsed back to check our own output and,
 * later, what a provider returns.
 */
import { decodeEmvPayload, decodeTlv, emvFieldRules, encodeEmvPayload, type EmvField } from '../emv.js';
import { PixFormatError, type PixField } from './errors.js';
import { parsePixKey, type PixKey } from './pix-key.js';
import { isStaticTxid, NO_TXID } from './txid.js';

const rules = emvFieldRules<PixField>(PixFormatError);

const PAYLOAD_FORMAT = '01';
const REUSABLE = '11';
const SINGLE_USE = '12';
const PIX_GUI = 'br.gov.bcb.pix';
const BRL = '986';
const BRAZIL = 'BR';
const UNINFORMED_MCC = '0000';

const MAX_MERCHANT_NAME = 25;
const MAX_MERCHANT_CITY = 15;
const TLV_HEADER_LENGTH = 4;
// What field 26's 99 characters leave for the key or location, and the description, each with its header.
const ACCOUNT_ROOM = 99 - (TLV_HEADER_LENGTH + PIX_GUI.length);
const MAX_LOCATION = ACCOUNT_ROOM - TLV_HEADER_LENGTH;

interface BrCodeCommonInput {
  /** The receiver's name; accents are dropped, and it must then fit 25 characters. */
  merchantName: string;
  /** The receiver's city; accents are dropped, and it must then fit 15 characters. */
  merchantCity: string;
  /** Integer centavos. Without it the payer types the amount. */
  amount?: number;
  /** ISO 18245 merchant category code; `0000`, "not informed", by default. */
  merchantCategoryCode?: string;
}

/** A code that names the receiver's key: printable, reusable unless `singleUse`. */
export interface StaticBrCodeInput extends BrCodeCommonInput {
  kind: 'static';
  key: string;
  /** Shown to the payer; shares field 26's 99 characters with the key. */
  description?: string;
  /** Up to 25 letters and digits the receiver sees on the payment; without it, `***`. */
  txid?: string;
  singleUse?: boolean;
}

/**
 * A code for one charge created at a PSP: the payer's app fetches the charge (amount, txid, expiry) from
 * `location`, the URL the PSP answered, which may be given with or without `https://`.
 */
export interface DynamicBrCodeInput extends BrCodeCommonInput {
  kind: 'dynamic';
  location: string;
}

export type BrCodeInput = StaticBrCodeInput | DynamicBrCodeInput;

interface BrCodeCommon {
  merchantName: string;
  merchantCity: string;
  merchantCategoryCode: string;
  amount?: number;
}

export interface StaticBrCode extends BrCodeCommon {
  kind: 'static';
  key: PixKey;
  description?: string;
  txid?: string;
  singleUse: boolean;
}

/**
 * A dynamic code names no txid: the manual fills its 62-05 with `***` and tells readers to ignore anything else
 * there, since the charge at `location` carries the txid.
 */
export interface DynamicBrCode extends BrCodeCommon {
  kind: 'dynamic';
  /** Without the scheme, as the code carries it. */
  location: string;
}

export type BrCode = StaticBrCode | DynamicBrCode;

/**
 * The BR Code of `input`, fields in the manual's order. Every input is checked first, and the first one at
 * fault is named in a PixFormatError: this never returns a payload that parseBrCode would refuse.
 */
export function buildBrCode(input: BrCodeInput): string {
  const account = input.kind === 'static' ? staticAccount(input) : dynamicAccount(input);
  const merchantCategoryCode = rules.categoryCode('merchant_category_code', input.merchantCategoryCode ?? UNINFORMED_MCC);
  const amount = input.amount === undefined ? undefined : rules.amount('amount', input.amount);
  const merchantName = rules.text('merchant_name', input.merchantName, MAX_MERCHANT_NAME);
  const merchantCity = rules.text('merchant_city', input.merchantCity, MAX_MERCHANT_CITY);
  const txid = input.kind === 'static' ? staticTxid(input.txid) : NO_TXID;
  const singleUse = input.kind === 'dynamic' || input.singleUse === true;
  const fields: EmvField[] = [
    { id: '00', value: PAYLOAD_FORMAT },
    ...(singleUse ? [{ id: '01', value: SINGLE_USE }] : []),
    { id: '26', value: account },
    { id: '52', value: merchantCategoryCode },
    { id: '53', value: BRL },
    ...(amount === undefined ? [] : [{ id: '54', value: amount }]),
    { id: '58', value: BRAZIL },
    { id: '59', value: merchantName },
    { id: '60', value: merchantCity },
    { id: '62', value: [{ id: '05', value: txid }] },
  ];
  return encodeEmvPayload(fields);
}

function staticAccount(input: StaticBrCodeInput): EmvField[] {
  const key = parsePixKey(input.key).value;
  const account: EmvField[] = [
    { id: '00', value: PIX_GUI },
    { id: '01', value: key },
  ];
  if (input.description === undefined || input.description.trim() === '') return account;
  const room = ACCOUNT_ROOM - (TLV_HEADER_LENGTH + key.length) - TLV_HEADER_LENGTH;
  if (room < 1) throw new PixFormatError('description', 'too_long', 'does not fit in field 26 beside a key this long');
  account.push({ id: '02', value: rules.text('description', input.description, room) });
  return account;
}

function dynamicAccount(input: DynamicBrCodeInput): EmvField[] {
  return [
    { id: '00', value: PIX_GUI },
    { id: '25', value: checkLocation(input.location.trim().replace(/^https:\/\//i, '')) },
  ];
}

function checkLocation(location: string): string {
  if (location === '') throw new PixFormatError('location', 'required', 'must not be empty');
  if (location.includes('://')) {
    throw new PixFormatError('location', 'unsupported', "is fetched over HTTPS by the payer's app and is written without a scheme");
  }
  if (!/^[\x21-\x7e]+$/.test(location)) throw new PixFormatError('location', 'invalid_format', 'must be printable ASCII without spaces');
  if (location.length > MAX_LOCATION) {
    throw new PixFormatError('location', 'too_long', `is ${location.length} characters; at most ${MAX_LOCATION} fit`);
  }
  if (!URL.canParse(`https://${location}`) || !new URL(`https://${location}`).hostname.includes('.')) {
    throw new PixFormatError('location', 'invalid_format', "must start with the PSP's host name, as in pix.example.com/qr/v2/…");
  }
  return location;
}

function staticTxid(txid: string | undefined): string {
  if (txid === undefined || txid === NO_TXID) return NO_TXID;
  if (!isStaticTxid(txid)) throw new PixFormatError('txid', 'invalid_format', `must be 1 to 25 letters and digits, or omitted for ${NO_TXID}`);
  return txid;
}

/**
 * The fields of a BR Code, once its CRC, its structure and each field the manual fixes check out. Data objects
 * Pix does not use (other arrangements' templates, 61 postal code, 64 language, 80–99) are allowed and ignored.
 */
export function parseBrCode(payload: string): BrCode {
  const fields = rules.decode('payload', 'crc', () => decodeEmvPayload(payload));
  rules.expect(fields, '00', 'payload_format', PAYLOAD_FORMAT);
  const initiation = fields.get('01');
  if (initiation !== undefined && initiation !== REUSABLE && initiation !== SINGLE_USE) {
    throw new PixFormatError('point_of_initiation', 'invalid_format', `must be ${REUSABLE} or ${SINGLE_USE}`);
  }
  const account = rules.decode('merchant_account', 'crc', () => decodeTlv(rules.required(fields, '26', 'merchant_account'), '26'));
  if (account.get('00')?.toLowerCase() !== PIX_GUI) {
    throw new PixFormatError('merchant_account', 'unsupported', `must be the Pix arrangement (26-00 ${PIX_GUI})`);
  }
  const key = account.get('01');
  const location = account.get('25');
  if (key !== undefined && location !== undefined) {
    throw new PixFormatError('merchant_account', 'invalid_format', 'must hold a key (26-01) or a location (26-25), not both');
  }
  rules.expect(fields, '53', 'currency', BRL);
  rules.expect(fields, '58', 'country_code', BRAZIL);
  const amount = fields.get('54');
  const common: BrCodeCommon = {
    merchantName: rules.receivedText(fields, '59', 'merchant_name', MAX_MERCHANT_NAME),
    merchantCity: rules.receivedText(fields, '60', 'merchant_city', MAX_MERCHANT_CITY),
    merchantCategoryCode: rules.categoryCode('merchant_category_code', rules.required(fields, '52', 'merchant_category_code')),
    ...(amount === undefined ? {} : { amount: rules.minorUnitsOf('amount', amount) }),
  };
  const additionalData = rules.decode('payload', 'crc', () => decodeTlv(rules.required(fields, '62', 'txid'), '62'));
  const referenceLabel = rules.required(additionalData, '05', 'txid');
  if (location !== undefined) {
    if (initiation !== SINGLE_USE) throw new PixFormatError('point_of_initiation', 'invalid_format', `must be ${SINGLE_USE} in a dynamic code`);
    return { kind: 'dynamic', location: checkLocation(location), ...common };
  }
  if (key === undefined) {
    throw new PixFormatError('merchant_account', 'required', 'must hold a key (26-01) or a location (26-25)');
  }
  if (referenceLabel !== NO_TXID && !isStaticTxid(referenceLabel)) {
    throw new PixFormatError('txid', 'invalid_format', `must be 1 to 25 letters and digits, or ${NO_TXID}`);
  }
  const description = account.get('02');
  return {
    kind: 'static',
    key: parsePixKey(key),
    ...(description ? { description } : {}),
    ...(referenceLabel === NO_TXID ? {} : { txid: referenceLabel }),
    singleUse: initiation === SINGLE_USE,
    ...common,
  };
}

