import { csatFromDistribution } from './csat';
import type { CsatResult, Distribution } from './metric-types';

describe('csatFromDistribution', () => {
  it.each<[string, Distribution, CsatResult]>([
    // Hand-computed: 15 of 20 are 4–5; mean = (50 + 20 + 9 + 2 + 1) / 20 = 4.1.
    ['mixed fixture', { 5: 10, 4: 5, 3: 3, 2: 1, 1: 1 }, { n: 20, satisfied: 15, score: 75, mean: 4.1 }],
    ['empty', {}, { n: 0, satisfied: 0, score: null, mean: null }],
    ['thirds', { 1: 1, 2: 1, 5: 1 }, { n: 3, satisfied: 1, score: 33.3, mean: 2.67 }],
    ['two thirds satisfied', { 3: 1, 4: 1, 5: 1, 2: 0 }, { n: 3, satisfied: 2, score: 66.7, mean: 4 }],
    // 33 / 8 = 4.125 sits exactly on a half.
    ['mean half rounds up', { 5: 3, 4: 3, 3: 2 }, { n: 8, satisfied: 6, score: 75, mean: 4.13 }],
    ['all satisfied', { 4: 2, 5: 2 }, { n: 4, satisfied: 4, score: 100, mean: 4.5 }],
    ['none satisfied', { 1: 1, 3: 1 }, { n: 2, satisfied: 0, score: 0, mean: 2 }],
    ['out-of-range values ignored', { 0: 3, 6: 2, 10: 1, 3: 1 }, { n: 1, satisfied: 0, score: 0, mean: 3 }],
    ['only out-of-range values', { 0: 3, 9: 1 }, { n: 0, satisfied: 0, score: null, mean: null }],
  ])('%s', (_label, dist, expected) => {
    expect(csatFromDistribution(dist)).toEqual(expected);
  });
});
