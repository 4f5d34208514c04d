import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16CcittFalse, decodeEmvPayload, decodeTlv, EmvFormatError, encodeEmvPayload, encodeTlv, type EmvField } from './emv.js';

// A code carrying three arrangements (a card scheme in 04, Pix in 26, another in 27), a postal code and an
// unreserved template 80, as quoted from the BCB's BR Code manual by an open-source Pix implementation, CRC
// included: structure Pix itself does not use.
const MULTI_ARRANGEMENT =
  '00020104141234567890123426580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-42665544000027300012BR.COM.OUTRO0110' +
  '01234567895204000053039865406123.455802BR5917NOME DO RECEBEDOR6008BRASILIA61087007490062190515RP12345678-2019' +
  '80390012BR.COM.OUTRO01190123.ABCD.3456.WXYZ6304AD38';

function emvError(run: () => unknown): EmvFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof EmvFormatError) return error;
    throw error;
  }
  throw new Error('expected an EmvFormatError');
}

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the catalogue check value and the published vectors', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
    expect(crc16CcittFalse('')).toBe('FFFF');
    expect(crc16CcittFalse('A')).toBe('B915');
    expect(crc16CcittFalse('A'.repeat(256))).toBe('EA0B');
  });

  it('is zero-padded to four uppercase hex digits', () => {
    const crcs = Array.from({ length: 2000 }, (_, i) => crc16CcittFalse(String(i)));
    expect(crcs.every((crc) => /^[0-9A-F]{4}$/.test(crc))).toBe(true);
    expect(crcs.some((crc) => crc.startsWith('0'))).toBe(true);
  });

  it("covers the payload up to and including 6304, as the BCB manuals' examples show", () => {
    expect(crc16CcittFalse(MULTI_ARRANGEMENT.slice(0, -4))).toBe('AD38');
  });
});

describe('TLV', () => {
  it('writes id, two-digit length and value, templates nested', () => {
    const fields: EmvField[] = [
      { id: '00', value: '01' },
      { id: '26', value: [{ id: '00', value: 'br.gov.bcb.pix' }, { id: '01', value: 'x' }] },
      { id: '62', value: [{ id: '05', value: '***' }] },
    ];
    expect(encodeTlv(fields)).toBe(['000201', '2623', '0014br.gov.bcb.pix', '0101x', '6207', '0503***'].join(''));
  });

  it('reads one level, in order, and a template on request with its path in errors', () => {
    const top = decodeEmvPayload(MULTI_ARRANGEMENT);
    expect([...top.keys()]).toEqual(['00', '04', '26', '27', '52', '53', '54', '58', '59', '60', '61', '62', '80']);
    expect(top.get('54')).toBe('123.45');
    expect(Object.fromEntries(decodeTlv(top.get('80')!, '80'))).toEqual({ '00': 'BR.COM.OUTRO', '01': '0123.ABCD.3456.WXYZ' });
    expect(emvError(() => decodeTlv('0005abc', '26')).tag).toBe('26.00');
  });

  it('refuses what it cannot write: bad ids, repeated ids, long or non-ASCII values', () => {
    expect(emvError(() => encodeTlv([{ id: '1', value: 'x' }])).tag).toBe('1');
    expect(emvError(() => encodeTlv([{ id: '00', value: 'a' }, { id: '00', value: 'b' }])).detail).toMatch(/twice/);
    expect(emvError(() => encodeTlv([{ id: '26', value: [{ id: '01', value: 'x'.repeat(96) }] }])).tag).toBe('26');
    expect(emvError(() => encodeTlv([{ id: '59', value: 'São' }])).tag).toBe('59');
    expect(encodeTlv([{ id: '59', value: 'x'.repeat(99) }])).toHaveLength(103);
  });

  it('refuses what it cannot read: truncated values, repeated ids, stray characters', () => {
    expect(emvError(() => decodeTlv('5910short')).detail).toMatch(/ends first/);
    expect(emvError(() => decodeTlv('59015' + '59016')).detail).toMatch(/twice/);
    expect(emvError(() => decodeTlv('5901a5')).tag).toBe('payload');
    expect(emvError(() => decodeTlv('5902\u00e3o')).tag).toBe('59');
  });

  it('round-trips any list of fields', () => {
    const value = fc.string({ unit: fc.constantFrom(...' !*-.09AZaz~'), maxLength: 99 });
    const field = fc.record({ id: fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')), value });
    const fields = fc.uniqueArray(field, { selector: (f) => f.id, maxLength: 12 });
    fc.assert(
      fc.property(fields, (list) => {
        expect([...decodeTlv(encodeTlv(list))]).toEqual(list.map((f) => [f.id, f.value]));
      }),
    );
  });
});

describe('MPM payloads', () => {
  it('append 63 with the CRC and check it on the way back', () => {
    const payload = encodeEmvPayload([{ id: '00', value: '01' }, { id: '59', value: 'Loja' }]);
    expect(payload).toBe(`0002015904Loja6304${crc16CcittFalse('0002015904Loja6304')}`);
    expect([...decodeEmvPayload(payload)]).toEqual([['00', '01'], ['59', 'Loja']]);
  });

  it('refuse a wrong, lower-case or missing CRC, naming 63', () => {
    const wrong = emvError(() => decodeEmvPayload(MULTI_ARRANGEMENT.replace(/AD38$/, 'AD39')));
    expect([wrong.tag, wrong.reason]).toEqual(['63', 'crc_mismatch']);
    expect(emvError(() => decodeEmvPayload(MULTI_ARRANGEMENT.replace(/AD38$/, 'ad38'))).detail).toMatch(/uppercase/);
    expect(emvError(() => decodeEmvPayload(MULTI_ARRANGEMENT.slice(0, -8))).tag).toBe('63');
  });

  it('need 00 first and 63 only at the end', () => {
    expect(emvError(() => encodeEmvPayload([{ id: '59', value: 'x' }])).tag).toBe('00');
    expect(emvError(() => encodeEmvPayload([{ id: '00', value: '01' }, { id: '63', value: 'FFFF' }])).tag).toBe('63');
    const late = '59017' + '000201' + '6304';
    expect(emvError(() => decodeEmvPayload(late + crc16CcittFalse(late))).tag).toBe('00');
  });

  it('refuse a CRC that is only text inside another value', () => {
    const body = '0002015914abc6304';
    expect(emvError(() => decodeEmvPayload(body + crc16CcittFalse(body))).detail).toMatch(/ends first/);
  });
});
