/**
 * A test-only QR reader, written from ISO/IEC 18004 rather than from the `qrcode` library and itself checked on
 * a second encoder (bwip-js), so the tests can read back what that library drew: no QR decoder is installed. It
 * reads what our images hold and nothing more: 8-bit PNGs and the one-path SVGs `qrcode` writes, level M,
 * versions 1 to 15, numeric, alphanumeric and byte segments. It checks every block's Reed–Solomon syndromes
 * instead of correcting errors, since a rendered image has none.
 */
import { inflateSync } from 'node:zlib';

/** Modules by row then column; true is dark. */
export type ModuleGrid = boolean[][];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export interface PngImage {
  width: number;
  height: number;
  /** Whether the pixel is closer to black than to white, by its first channel. */
  dark(x: number, y: number): boolean;
}

export function readPng(png: Buffer): PngImage {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const channels = CHANNELS[header[9]!];
  if (header[8] !== 8 || channels === undefined || header[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
  const pixels = unfilter(inflateSync(Buffer.concat(data)), width * channels, height, channels);
  return { width, height, dark: (x, y) => pixels[y * width * channels + x * channels]! < 128 };
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`PNG filter ${filter}`);
      out[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The symbol in a PNG, found by its top-left finder pattern (7 modules wide) inside a symmetric quiet zone. */
export function gridFromPng(image: PngImage): ModuleGrid {
  let corner = -1;
  for (let d = 0; d < image.width && corner < 0; d++) if (image.dark(d, d)) corner = d;
  if (corner < 0) throw new Error('no dark pixel on the diagonal');
  let run = 0;
  while (image.dark(corner + run, corner)) run++;
  const modulePixels = run / 7;
  const size = (image.width - 2 * corner) / modulePixels;
  if (!Number.isInteger(modulePixels) || !Number.isInteger(size)) throw new Error('cannot find the module grid');
  const centre = Math.floor(modulePixels / 2);
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => image.dark(corner + col * modulePixels + centre, corner + row * modulePixels + centre)),
  );
}

/** The symbol drawn by an SVG whose dark modules are one stroked path of `M`/`m` moves and `h` runs. */
export function gridFromSvg(svg: string): { grid: ModuleGrid; margin: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path[^>]*\sstroke="[^"]+"[^>]*\sd="([^"]+)"/.exec(svg);
  if (!viewBox || !path) throw new Error('no viewBox or stroked path');
  const side = Number(viewBox[1]);
  const cells: boolean[][] = Array.from({ length: side }, () => new Array<boolean>(side).fill(false));
  let x = 0;
  let y = 0;
  for (const [, command, args] of path[1]!.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const numbers = args!.trim().split(/[\s,]+/).map(Number);
    if (command === 'M' || command === 'm') {
      x = (command === 'M' ? 0 : x) + numbers[0]!;
      y = (command === 'M' ? 0 : y) + numbers[1]!;
    } else {
      const length = command === 'h' ? numbers[0]! : numbers[0]! - x;
      for (let col = x; col < x + length; col++) cells[Math.floor(y)]![col] = true;
      x += length;
    }
  }
  const margin = cells.findIndex((row) => row.some(Boolean));
  const grid = cells.slice(margin, side - margin).map((row) => row.slice(margin, side - margin));
  return { grid, margin };
}

// Level M: error-correction codewords per block, then [blocks, data codewords per block] per group.
const LEVEL_M_BLOCKS: Record<number, [number, ...[number, number][]]> = {
  1: [10, [1, 16]], 2: [16, [1, 28]], 3: [26, [1, 44]], 4: [18, [2, 32]], 5: [24, [2, 43]],
  6: [16, [4, 27]], 7: [18, [4, 31]], 8: [22, [2, 38], [2, 39]], 9: [22, [3, 36], [2, 37]],
  10: [26, [4, 43], [1, 44]], 11: [30, [1, 50], [4, 51]], 12: [22, [6, 36], [2, 37]],
  13: [22, [8, 37], [1, 38]], 14: [24, [4, 40], [5, 41]], 15: [24, [5, 41], [5, 42]],
};

const ALIGNMENT_CENTRES: Record<number, number[]> = {
  1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42],
  9: [6, 26, 46], 10: [6, 28, 50], 11: [6, 30, 54], 12: [6, 32, 58], 13: [6, 34, 62], 14: [6, 26, 46, 66],
  15: [6, 26, 48, 70],
};

const MASKS: ((row: number, col: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

export interface DecodedQr {
  version: number;
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H';
  text: string;
}

export function decodeQr(grid: ModuleGrid): DecodedQr {
  const size = grid.length;
  const version = (size - 17) / 4;
  const blocks = LEVEL_M_BLOCKS[version];
  if (!blocks || grid.some((row) => row.length !== size)) throw new Error(`unsupported symbol of ${size} modules`);
  const at = (row: number, col: number): boolean => grid[row]![col]!;

  // The two copies of the 15-bit format information, bit i of each, xored with the fixed mask 101010000010010.
  let vertical = 0;
  let horizontal = 0;
  for (let i = 0; i < 15; i++) {
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    const col = i < 8 ? size - 1 - i : i === 8 ? 7 : 14 - i;
    if (at(row, 8)) vertical |= 1 << i;
    if (at(8, col)) horizontal |= 1 << i;
  }
  if (vertical !== horizontal) throw new Error('the two format information copies differ');
  const format = vertical ^ 0x5412;
  const errorCorrectionLevel = (['M', 'L', 'H', 'Q'] as const)[format >> 13]!;
  if (errorCorrectionLevel !== 'M') throw new Error(`level ${errorCorrectionLevel}; this reader knows level M`);
  const mask = MASKS[(format >> 10) & 7]!;

  const isFunction = functionModules(size, version);
  const bits: number[] = [];
  let upward = true;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let i = 0; i < size; i++) {
      const row = upward ? size - 1 - i : i;
      for (const col of [right, right - 1]) {
        if (!isFunction(row, col)) bits.push(Number(at(row, col) !== mask(row, col)));
      }
    }
    upward = !upward;
  }

  const [ecPerBlock, ...groups] = blocks;
  const dataLengths = groups.flatMap(([count, length]) => new Array<number>(count).fill(length));
  const codewords = Array.from({ length: dataLengths.reduce((sum, n) => sum + n, ecPerBlock * dataLengths.length) }, (_, i) =>
    bits.slice(i * 8, i * 8 + 8).reduce((byte, bit) => (byte << 1) | bit, 0),
  );
  const dataBlocks = dataLengths.map(() => [] as number[]);
  const ecBlocks = dataLengths.map(() => [] as number[]);
  let next = 0;
  for (let i = 0; i < Math.max(...dataLengths); i++) {
    dataLengths.forEach((length, b) => i < length && dataBlocks[b]!.push(codewords[next++]!));
  }
  for (let i = 0; i < ecPerBlock; i++) ecBlocks.forEach((block) => block.push(codewords[next++]!));
  dataBlocks.forEach((data, b) => {
    if (!syndromesAreZero([...data, ...ecBlocks[b]!], ecPerBlock)) throw new Error(`block ${b} fails its Reed–Solomon check`);
  });
  return { version, errorCorrectionLevel, text: readSegments(dataBlocks.flat(), version) };
}

function functionModules(size: number, version: number): (row: number, col: number) => boolean {
  const centres = ALIGNMENT_CENTRES[version]!;
  const last = centres.length - 1;
  const alignments = centres.flatMap((row, i) =>
    centres
      .map((col, j) => ({ row, col, j }))
      .filter(({ j }) => !((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)))
      .map(({ row: r, col }) => [r, col] as const),
  );
  return (row, col) =>
    (row < 9 && col < 9) ||
    (row < 9 && col >= size - 8) ||
    (row >= size - 8 && col < 9) ||
    row === 6 ||
    col === 6 ||
    (version >= 7 && ((row < 6 && col >= size - 11 && col < size - 8) || (col < 6 && row >= size - 11 && row < size - 8))) ||
    alignments.some(([r, c]) => Math.abs(row - r) <= 2 && Math.abs(col - c) <= 2);
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1; the generator's roots are α^0 … α^(n-1).
const EXP = new Array<number>(512);
const LOG = new Array<number>(256);
for (let i = 0, x = 1; i < 255; i++, x = (x << 1) ^ (x & 0x80 ? 0x11d : 0)) {
  EXP[i] = x;
  LOG[x] = i;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;

function syndromesAreZero(block: number[], ecLength: number): boolean {
  for (let j = 0; j < ecLength; j++) {
    let sum = 0;
    for (const byte of block) sum = (sum === 0 ? 0 : EXP[LOG[sum]! + j]!) ^ byte;
    if (sum !== 0) return false;
  }
  return true;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function readSegments(data: number[], version: number): string {
  let position = 0;
  const read = (count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++, position++) value = (value << 1) | ((data[position >> 3]! >> (7 - (position & 7))) & 1);
    return value;
  };
  const wide = version >= 10;
  let text = '';
  while (data.length * 8 - position >= 4) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode === 1) {
      let count = read(wide ? 12 : 10);
      for (; count >= 3; count -= 3) text += String(read(10)).padStart(3, '0');
      if (count === 2) text += String(read(7)).padStart(2, '0');
      if (count === 1) text += String(read(4));
    } else if (mode === 2) {
      let count = read(wide ? 11 : 9);
      for (; count >= 2; count -= 2) {
        const pair = read(11);
        text += ALPHANUMERIC[Math.floor(pair / 45)]! + ALPHANUMERIC[pair % 45]!;
      }
      if (count === 1) text += ALPHANUMERIC[read(6)]!;
    } else if (mode === 4) {
      const bytes = Array.from({ length: read(wide ? 16 : 8) }, () => read(8));
      text += Buffer.from(bytes).toString('latin1');
    } else {
      throw new Error(`segment mode ${mode}`);
    }
  }
  return text;
}
