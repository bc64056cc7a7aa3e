import { describe, expect, it } from 'vitest';

import type { Theme, ThemeImpact } from '../../api/text';
import { impactDomain, impactKind, impactRows, niceCeil, ticksOf, xOf } from './impact';

const impact = (value: number | null, low?: number, high?: number, significant = false): ThemeImpact => ({
  mentioning: { n: 10, score: 0 },
  without: { n: 90, score: 0 },
  impact: value,
  interval: low === undefined || high === undefined ? null : { low, high },
  pValue: null,
  significant,
  reason: value === null ? 'no scored response mentions this theme' : null,
});

const theme = (key: string, i?: ThemeImpact): Theme => ({
  language: 'en',
  key,
  words: 1,
  label: key,
  documents: 5,
  impact: i ?? impact(null),
});

describe('impactRows', () => {
  it('puts the costliest first, then those that help, then those without a figure', () => {
    const rows = impactRows([
      theme('lift', impact(3, 1, 5)),
      theme('none', impact(null)),
      theme('cost', impact(-6, -9, -3)),
      theme('small cost', impact(-1, -3, 1)),
    ]);
    expect(rows.map((r) => r.key)).toEqual(['cost', 'small cost', 'lift', 'none']);
  });
});

describe('the scale', () => {
  it('rounds up to 1, 2, 2.5 or 5 of a power of ten', () => {
    expect([0.4, 1, 1.2, 2.2, 3.2, 7, 12, 26].map(niceCeil)).toEqual([0.5, 1, 2, 2.5, 5, 10, 20, 50]);
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });

  it('fits every dot and whisker, symmetric around zero', () => {
    const rows = impactRows([theme('a', impact(-6, -9.2, -3)), theme('b', impact(2, 0.5, 4))]);
    expect(impactDomain(rows)).toBe(10);
    expect(impactDomain([])).toBe(1);
  });

  it('places zero in the middle and clamps outside values to the ends', () => {
    expect(xOf(0, 10, 200)).toBe(100);
    expect(xOf(-10, 10, 200)).toBe(0);
    expect(xOf(5, 10, 200)).toBe(150);
    expect(xOf(40, 10, 200)).toBe(200);
    expect(ticksOf(10)).toEqual([-10, -5, 0, 5, 10]);
  });
});

describe('impactKind', () => {
  it('calls only significant figures a cost or a lift', () => {
    expect(impactKind(impact(-4, -6, -2, true))).toBe('costs');
    expect(impactKind(impact(4, 2, 6, true))).toBe('lifts');
    expect(impactKind(impact(-4, -9, 1, false))).toBe('unclear');
    expect(impactKind(impact(null))).toBe('unclear');
  });
});
