/** The default accent: white on it, and it on white, pass WCAG AA (5.9:1). */
export const DEFAULT_ACCENT = '#1f5fbf';
const HEX = /^#([0-9a-f]{6})$/i;

const channel = (value: number) => {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for normal text. */
export const AA_CONTRAST = 4.5;

/** The checkout's page background (checkout.css), where links in the accent sit outside the white cards. */
export const PAGE_BACKGROUND = '#f4f5f7';

/**
 * The merchant's accent as the page uses it: button backgrounds under white text, and links on white and
 * on the page's background, so it must contrast 4.5:1 with both. A lighter accent is darkened (same hue,
 * towards black) until it does: the brand stays recognisable and the page stays readable.
 */
export function accessibleAccent(accent: string | null): string {
  if (!accent || !HEX.test(accent)) return DEFAULT_ACCENT;
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(accent.slice(i, i + 2), 16)) as [number, number, number];
  let hex = accent.toLowerCase();
  while (Math.min(contrastRatio(hex, '#ffffff'), contrastRatio(hex, PAGE_BACKGROUND)) < AA_CONTRAST) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.92)) as [number, number, number];
    hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return hex;
}

export const isHexColour = (value: string) => HEX.test(value);
