import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { buildBrCode } from './br-code.js';
import { PixFormatError } from './errors.js';
import { brCodePng, brCodeSvg } from './qr.js';
import { decodeQr, gridFromPng, gridFromSvg, readPng, type ModuleGrid } from './qr-reader.test-helper.js';

const MANUAL_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA' +
  '62070503***63041D3D';

// As long as a static code gets: a 77-character email key fills field 26, and every optional field is there.
const LONGEST_STATIC = buildBrCode({
  kind: 'static',
  key: `${'fulano.de.tal'.repeat(5)}@example.com`,
  merchantName: 'Padaria e Confeitaria Sao',
  merchantCity: 'Sao Jose do Rio',
  amount: 999_999_999_999,
  txid: 'PEDIDO1001PEDIDO1001PEDID',
  merchantCategoryCode: '5812',
  singleUse: true,
});

const DYNAMIC = buildBrCode({
  kind: 'dynamic',
  location: 'pix.example.com/qr/v2/cobv/9d36b84fc70b478fb95c12729b90ca25',
  merchantName: 'Loja Azul',
  merchantCity: 'Curitiba',
  amount: 29700,
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** bwip-js (BWIPP) draws QR codes on its own code base: a second encoder to prove the reader against. */
function bwippGrid(text: string): ModuleGrid {
  const [symbol] = bwipjs.raw('qrcode', text, 'eclevel=M');
  if (!symbol || !('pixs' in symbol)) throw new Error('bwip-js gave no matrix');
  return Array.from({ length: symbol.pixy }, (_, row) => Array.from({ length: symbol.pixx }, (_, col) => symbol.pixs[row * symbol.pixx + col] === 1));
}

describe('the test QR reader', () => {
  it('reads what another encoder, bwip-js, draws', () => {
    for (const payload of [MANUAL_STATIC, LONGEST_STATIC, DYNAMIC, '0123456789'.repeat(20)]) {
      expect(decodeQr(bwippGrid(payload)).text).toBe(payload);
    }
  });

  it('refuses a symbol with a module flipped', () => {
    const grid = bwippGrid(MANUAL_STATIC);
    grid[30]![14] = !grid[30]![14];
    expect(() => decodeQr(grid)).toThrow(/Reed–Solomon/);
  });
});

describe('brCodePng', () => {
  it('is a PNG whose symbol holds the BR Code, level M, 8 pixels a module inside a 4-module quiet zone', async () => {
    for (const payload of [MANUAL_STATIC, LONGEST_STATIC, DYNAMIC]) {
      const png = await brCodePng(payload);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const image = readPng(png);
      const grid = gridFromPng(image);
      expect(image.width).toBe(image.height);
      expect(image.width).toBe((grid.length + 2 * 4) * 8);
      expect(decodeQr(grid)).toMatchObject({ errorCorrectionLevel: 'M', text: payload });
    }
  });

  it('scales to the pixels per module asked for', async () => {
    const image = readPng(await brCodePng(MANUAL_STATIC, 3));
    const grid = gridFromPng(image);
    expect(image.width).toBe((grid.length + 8) * 3);
    expect(decodeQr(grid).text).toBe(MANUAL_STATIC);
    await expect(brCodePng(MANUAL_STATIC, 0)).rejects.toThrow(RangeError);
    await expect(brCodePng(MANUAL_STATIC, 2.5)).rejects.toThrow(RangeError);
  });

  it('refuses to draw anything but a valid BR Code', async () => {
    await expect(brCodePng('https://example.com')).rejects.toThrow(PixFormatError);
    await expect(brCodePng(MANUAL_STATIC.replace('1D3D', '1D3E'))).rejects.toThrow(PixFormatError);
  });
});

describe('brCodeSvg', () => {
  it('is one SVG element of paths, sized in modules, whose symbol holds the BR Code', async () => {
    for (const payload of [MANUAL_STATIC, LONGEST_STATIC, DYNAMIC]) {
      const svg = (await brCodeSvg(payload)).trim();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^<>]*>(<path [^<>]*\/>)+<\/svg>$/);
      const { grid, margin } = gridFromSvg(svg);
      expect(margin).toBe(4);
      expect(svg).toContain(`viewBox="0 0 ${grid.length + 8} ${grid.length + 8}"`);
      expect(decodeQr(grid)).toMatchObject({ errorCorrectionLevel: 'M', text: payload });
    }
  });

  it('refuses to draw anything but a valid BR Code', async () => {
    await expect(brCodeSvg('')).rejects.toThrow(PixFormatError);
  });
});
