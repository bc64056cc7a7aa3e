import { mean, pct, tally } from './distribution';
import type { Distribution } from './metric-types';

describe('tally', () => {
  it.each<[string, Distribution, { n: number; sum: number }]>([
    ['empty', {}, { n: 0, sum: 0 }],
    ['in-range values', { 1: 2, 5: 1 }, { n: 3, sum: 7 }],
    ['zero counts', { 3: 0, 4: 1 }, { n: 1, sum: 4 }],
    ['values below/above range', { 0: 4, 6: 9, 2: 1 }, { n: 1, sum: 2 }],
    ['fractional values', { 2.5: 3, 3: 1 }, { n: 1, sum: 3 }],
    ['negative, fractional and NaN counts', { 1: -1, 2: 1.5, 3: Number.NaN, 4: 2 }, { n: 2, sum: 8 }],
  ])('%s', (_label, dist, expected) => {
    const t = tally(dist, 1, 5);
    expect({ n: t.n, sum: t.sum }).toEqual(expected);
  });

  it('ignores non-canonical keys that Number() would coerce', () => {
    const dist = { '': 3, ' 2': 4, '02': 5, '3': 1 } as unknown as Distribution;
    expect(tally(dist, 0, 5).n).toBe(1);
  });

  it('counts an inclusive sub-range', () => {
    const t = tally({ 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 }, 1, 5);
    expect(t.countBetween(2, 4)).toBe(9);
    expect(t.countBetween(5, 5)).toBe(5);
    expect(t.countBetween(6, 9)).toBe(0);
  });
});

describe('pct', () => {
  it.each([
    [0, 0, null],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 16, 6.3],
    [0, 7, 0],
    [7, 7, 100],
  ])('pct(%p, %p) = %p', (part, n, expected) => {
    expect(pct(part, n)).toBe(expected);
  });
});

describe('mean', () => {
  it.each([
    [{ 1: 1, 2: 1, 5: 1 }, 2.67],
    [{ 3: 2, 4: 3, 5: 3 }, 4.13],
    [{}, null],
  ])('mean of %p = %p', (dist, expected) => {
    expect(mean(tally(dist, 1, 5))).toBe(expected);
  });
});
