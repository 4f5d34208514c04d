import { describe, expect, it } from 'vitest';
import { accessibleAccent, contrastRatio, DEFAULT_ACCENT, PAGE_BACKGROUND } from './accent-colour.js';

describe('checkout accent colour', () => {
  it('computes WCAG contrast ratios (the specification’s extremes and a known pair)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 on white is the lightest grey that passes AA: 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('keeps an accent that already contrasts with white and the page background, and darkens a light one until it does', () => {
    expect(accessibleAccent('#1F5FBF')).toBe('#1f5fbf');
    for (const light of ['#ffcc00', '#7fffd4', '#ffffff', '#ff69b4']) {
      const used = accessibleAccent(light);
      expect(contrastRatio(used, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(used, '#ffffff')).toBeLessThan(6);
    }
  });

  it('falls back to the default accent without one or with a malformed one', () => {
    expect(accessibleAccent(null)).toBe(DEFAULT_ACCENT);
    expect(accessibleAccent('red')).toBe(DEFAULT_ACCENT);
    expect(contrastRatio(DEFAULT_ACCENT, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });
});
