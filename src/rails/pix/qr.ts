import QRCode from 'qrcode';
import { parseBrCode } from './br-code.js';

// Level M recovers about 15% of damaged modules without making a BR Code of 150–250 characters too dense to scan
// from a phone screen; 4 modules of white is the quiet zone ISO/IEC 18004 asks for, and readers fail without it.
const SYMBOL = { errorCorrectionLevel: 'M', margin: 4 } as const;

const DEFAULT_MODULE_PIXELS = 8;

/**
 * A PNG of the QR code of `brCode`, `modulePixels` pixels per module. The code is parsed first, so a payload
 * that is not a valid BR Code never becomes an image a payer could scan.
 */
export async function brCodePng(brCode: string, modulePixels = DEFAULT_MODULE_PIXELS): Promise<Buffer> {
  if (!Number.isInteger(modulePixels) || modulePixels < 1) throw new RangeError('modulePixels must be a positive integer');
  parseBrCode(brCode);
  return QRCode.toBuffer(brCode, { ...SYMBOL, type: 'png', scale: modulePixels });
}

/** An SVG document of the QR code of `brCode`, sized by its viewBox in modules; checked like brCodePng. */
export async function brCodeSvg(brCode: string): Promise<string> {
  parseBrCode(brCode);
  return QRCode.toString(brCode, { ...SYMBOL, type: 'svg' });
}
