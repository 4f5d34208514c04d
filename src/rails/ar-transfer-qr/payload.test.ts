import { describe, expect, it } from 'vitest';
import { decodeEmvPayload } from '../emv.js';
import { ArQrFormatError } from './errors.js';
import { buildArQr, parseArQr } from './payload.js';

/**
 * An EMV MPM reader written here from the EMVCo layout, sharing nothing with src/rails/emv.ts: TLV by
 * two-digit id and length, and CRC-16/CCITT-FALSE by a lookup table (the service computes it bit by bit).
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
  return c & 0xffff;
});
function independentCrc(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'latin1')) crc = ((crc << 8) ^ CRC_TABLE[((crc >> 8) ^ byte) & 0xff]!) & 0xffff;
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
function independentTlv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < text.length; ) {
    const id = text.substring(i, i + 2);
    const length = parseInt(text.substring(i + 2, i + 4), 10);
    out[id] = text.substring(i + 4, i + 4 + length);
    i += 4 + length;
  }
  return out;
}
function independentRead(payload: string) {
  expect(independentCrc(payload.slice(0, -4))).toBe(payload.slice(-4));
  const top = independentTlv(payload);
  return { top, account: independentTlv(top['51'] ?? ''), additional: independentTlv(top['62'] ?? ''), taxId: independentTlv(top['50'] ?? '') };
}

// A wallet's static Argentine QR published in an integration's test suite (not a transfer QR: its receiver is a
// wallet template 40 and a CUIT in 50): an outside vector for the shared EMV layer and its CRC, with 5303032 and 5802AR.
const PUBLISHED_WALLET_QR = '00020101021140200010com.yacare02022350150011336972350495204739953030325802AR5910HAVANNA SA6012BUENOS AIRES81220010com.yacare0204Y2156304E401';

const GUI = 'ar.example.scheme';
const CBU = '2850590940090418135201';

describe('the Argentine transfer QR payload', () => {
  it('the shared EMV layer reads a published Argentine payload and agrees with its CRC', () => {
    expect(independentCrc(PUBLISHED_WALLET_QR.slice(0, -4))).toBe('E401');
    const fields = decodeEmvPayload(PUBLISHED_WALLET_QR);
    expect(Object.fromEntries(fields)).toMatchObject({ '00': '01', '01': '11', '52': '7399', '53': '032', '58': 'AR', '59': 'HAVANNA SA', '60': 'BUENOS AIRES' });
    // It has no CBU/CVU template: not a transfer QR.
    expect(() => parseArQr(PUBLISHED_WALLET_QR)).toThrow(/template 51/);
  });

  it('a payment\'s payload, as an independent reader sees it: ARS, AR, the amount, the CBU in 51, the reference, the CRC', () => {
    const payload = buildArQr({ schemeGui: GUI, cbu: CBU, cuit: '33697235049', merchantName: 'Café Ñandú SRL', merchantCity: 'Córdoba', amount: 1234567, reference: 'PO1234567890ABCDEFGH', merchantCategoryCode: '5812' });
    const { top, account, additional, taxId } = independentRead(payload);
    expect(top).toMatchObject({ '00': '01', '01': '12', '52': '5812', '53': '032', '54': '12345.67', '58': 'AR', '59': 'Cafe Nandu SRL', '60': 'Cordoba' });
    expect(account).toEqual({ '00': GUI, '01': CBU });
    expect(additional).toEqual({ '05': 'PO1234567890ABCDEFGH' });
    expect(taxId).toEqual({ '00': '33697235049' });
    expect(payload.startsWith('000201010212')).toBe(true);
    expect(payload).toContain('5303032');
    expect(payload).toContain('5802AR');
    expect(payload.slice(-8, -4)).toBe('6304');
    expect(parseArQr(payload)).toEqual({
      singleUse: true,
      schemeGui: GUI,
      account: { kind: 'cbu', value: CBU },
      cuit: '33697235049',
      merchantCategoryCode: '5812',
      amount: 1234567,
      merchantName: 'Cafe Nandu SRL',
      merchantCity: 'Cordoba',
      reference: 'PO1234567890ABCDEFGH',
    });
  });

  it('a reusable code has no amount and says 11', () => {
    const payload = buildArQr({ schemeGui: GUI, cbu: '0000003100009620154382', merchantName: 'Kiosco', merchantCity: 'Rosario' });
    const { top } = independentRead(payload);
    expect(top['01']).toBe('11');
    expect(top['54']).toBeUndefined();
    expect(parseArQr(payload)).toMatchObject({ singleUse: false, amount: null, account: { kind: 'cvu' }, merchantCategoryCode: '0000', reference: null });
  });

  it.each([
    [{ cbu: '2850590940090418135202' }, 'cbu', 'check_digit_mismatch'],
    [{ cbu: '28505909400904181352' }, 'cbu', 'invalid_format'],
    [{ cuit: '20172543598' }, 'cuit', 'check_digit_mismatch'],
    [{ merchantName: 'A name far longer than the twenty-five characters' }, 'merchant_name', 'too_long'],
    [{ merchantCity: 'Ciudad Autónoma de Buenos Aires' }, 'merchant_city', 'too_long'],
    [{ merchantName: '東京' }, 'merchant_name', 'not_ascii'],
    [{ amount: 0 }, 'amount', 'out_of_range'],
    [{ amount: 10 ** 12 }, 'amount', 'out_of_range'],
    [{ reference: 'with spaces' }, 'reference', 'invalid_format'],
    [{ merchantCategoryCode: '58' }, 'merchant_category_code', 'invalid_format'],
  ])('refuses %j naming %s', (change, field, reason) => {
    const input = { schemeGui: GUI, cbu: CBU, merchantName: 'Kiosco', merchantCity: 'Rosario', amount: 100, ...change };
    expect(() => buildArQr(input)).toThrow(expect.objectContaining({ field, reason }));
  });

  it('parsing refuses a broken CRC, another currency or country, and a CBU with a bad check digit', () => {
    const good = buildArQr({ schemeGui: GUI, cbu: CBU, merchantName: 'Kiosco', merchantCity: 'Rosario', amount: 100 });
    const reCrc = (body: string) => `${body}${independentCrc(body)}`;
    expect(() => parseArQr(`${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`)).toThrow(expect.objectContaining({ field: 'crc', reason: 'crc_mismatch' }));
    expect(() => parseArQr(reCrc(good.slice(0, -4).replace('5303032', '5303986')))).toThrow(expect.objectContaining({ field: 'currency' }));
    expect(() => parseArQr(reCrc(good.slice(0, -4).replace('5802AR', '5802BR')))).toThrow(expect.objectContaining({ field: 'country_code' }));
    expect(() => parseArQr(reCrc(good.slice(0, -4).replace(CBU, '2850590940090418135202')))).toThrow(expect.objectContaining({ field: 'cbu', reason: 'check_digit_mismatch' }));
    expect(() => parseArQr('not a payload')).toThrow(ArQrFormatError);
  });
});
