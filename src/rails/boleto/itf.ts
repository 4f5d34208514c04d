import bwipjs from 'bwip-js';
import { BoletoFormatError } from './errors.js';

/** One dark bar, in narrow-module units from the left edge of the symbol. */
export interface ItfBar {
  x: number;
  width: number;
}

export interface ItfSymbol {
  bars: ItfBar[];
  /** Width of the whole symbol, start and stop patterns included, in narrow modules. */
  modules: number;
}

/**
 * A wide element is three narrow ones. FEBRABAN asks for 3:1 (44 digits then take 405 modules, its 103 mm at
 * about 0.254 mm a module), and bwip-js' own renderer draws its wide elements at 3 as well.
 */
export const WIDE_TO_NARROW = 3;

/**
 * The interleaved 2 of 5 bars for `digits`. bwip-js does the encoding (start NNNN, digit pairs with the first
 * digit in the bars and the second in the spaces, stop WNN); the bars come back as geometry so the PDF draws
 * them as vector rectangles, sharp at any zoom or printer resolution.
 */
export function itfBars(digits: string): ItfSymbol {
  // bwip-js would quietly prepend a 0 to an odd count, which would encode another number.
  if (!/^(\d\d)+$/.test(digits)) throw new BoletoFormatError('barcode', 'not_digits', 'must be an even number of digits for ITF');
  const [encoded] = bwipjs.raw({ bcid: 'interleaved2of5', text: digits });
  if (!encoded || !('sbs' in encoded)) throw new Error('bwip-js returned no linear pattern for interleaved2of5');
  const bars: ItfBar[] = [];
  let x = 0;
  encoded.sbs.forEach((element, index) => {
    const width = element === 1 ? 1 : WIDE_TO_NARROW;
    if (index % 2 === 0) bars.push({ x, width });
    x += width;
  });
  // bwip-js ends the stop pattern with a narrow space, which belongs to the quiet zone, not to the symbol.
  const last = bars[bars.length - 1]!;
  return { bars, modules: last.x + last.width };
}
