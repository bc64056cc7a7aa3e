import { cesFromDistribution } from './ces';
import type { CesResult, Distribution } from './metric-types';

describe('cesFromDistribution', () => {
  it.each<[string, Distribution, CesResult]>([
    // Hand-computed: sum = 28 + 18 + 10 + 4 + 2 = 62 over 12 → 5.1667; 9 of 12 are 5–7.
    ['mixed fixture', { 7: 4, 6: 3, 5: 2, 4: 1, 2: 0, 1: 2 }, { n: 12, mean: 5.17, easyPct: 75, score: 5.17 }],
    ['empty', {}, { n: 0, mean: null, easyPct: null, score: null }],
    ['single hardest answer', { 1: 1 }, { n: 1, mean: 1, easyPct: 0, score: 1 }],
    ['boundary 4/5', { 3: 1, 4: 1, 5: 1 }, { n: 3, mean: 4, easyPct: 33.3, score: 4 }],
    // 35 / 8 = 4.375 sits exactly on a half; 1 / 8 = 12.5%.
    ['mean half rounds up', { 7: 1, 4: 7 }, { n: 8, mean: 4.38, easyPct: 12.5, score: 4.38 }],
    ['all easy', { 7: 2, 5: 2 }, { n: 4, mean: 6, easyPct: 100, score: 6 }],
    ['out-of-range values ignored', { 0: 1, 8: 1, 10: 4, 6: 1 }, { n: 1, mean: 6, easyPct: 100, score: 6 }],
    ['only out-of-range values', { 8: 1, 0: 1 }, { n: 0, mean: null, easyPct: null, score: null }],
  ])('%s', (_label, dist, expected) => {
    expect(cesFromDistribution(dist)).toEqual(expected);
  });
});
