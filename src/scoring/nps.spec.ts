import type { Distribution, NpsResult } from './metric-types';
import { npsFromDistribution } from './nps';

describe('npsFromDistribution', () => {
  it.each<[string, Distribution, NpsResult]>([
    [
      // Hand-computed: 8 promoters, 3 passives, 4 detractors of 15 → (8 − 4) / 15 = 26.67%.
      'mixed fixture',
      { 10: 5, 9: 3, 8: 2, 7: 1, 6: 1, 3: 2, 0: 1 },
      {
        n: 15,
        promoters: 8,
        passives: 3,
        detractors: 4,
        score: 26.7,
        promoterPct: 53.3,
        passivePct: 20,
        detractorPct: 26.7,
      },
    ],
    [
      'empty',
      {},
      {
        n: 0,
        promoters: 0,
        passives: 0,
        detractors: 0,
        score: null,
        promoterPct: null,
        passivePct: null,
        detractorPct: null,
      },
    ],
    [
      'all promoters',
      { 9: 1, 10: 3 },
      { n: 4, promoters: 4, passives: 0, detractors: 0, score: 100, promoterPct: 100, passivePct: 0, detractorPct: 0 },
    ],
    [
      'all detractors',
      { 0: 2, 6: 3 },
      { n: 5, promoters: 0, passives: 0, detractors: 5, score: -100, promoterPct: 0, passivePct: 0, detractorPct: 100 },
    ],
    [
      'only passives',
      { 7: 2, 8: 2 },
      { n: 4, promoters: 0, passives: 4, detractors: 0, score: 0, promoterPct: 0, passivePct: 100, detractorPct: 0 },
    ],
    [
      'negative score rounds to 1 decimal',
      { 0: 2, 9: 1 },
      {
        n: 3,
        promoters: 1,
        passives: 0,
        detractors: 2,
        score: -33.3,
        promoterPct: 33.3,
        passivePct: 0,
        detractorPct: 66.7,
      },
    ],
    [
      // 1/16 = 6.25% sits exactly on a half: away from zero gives 6.3.
      'positive half rounds up',
      { 10: 1, 8: 15 },
      {
        n: 16,
        promoters: 1,
        passives: 15,
        detractors: 0,
        score: 6.3,
        promoterPct: 6.3,
        passivePct: 93.8,
        detractorPct: 0,
      },
    ],
    [
      'negative half rounds away from zero',
      { 0: 1, 8: 15 },
      {
        n: 16,
        promoters: 0,
        passives: 15,
        detractors: 1,
        score: -6.3,
        promoterPct: 0,
        passivePct: 93.8,
        detractorPct: 6.3,
      },
    ],
    [
      'out-of-range values do not count in n',
      { 10: 1, 11: 5, [-1]: 3, 5.5: 2 },
      { n: 1, promoters: 1, passives: 0, detractors: 0, score: 100, promoterPct: 100, passivePct: 0, detractorPct: 0 },
    ],
    [
      'only out-of-range values',
      { 11: 5, 12: 1 },
      {
        n: 0,
        promoters: 0,
        passives: 0,
        detractors: 0,
        score: null,
        promoterPct: null,
        passivePct: null,
        detractorPct: null,
      },
    ],
    [
      'invalid counts are ignored',
      { 10: -2, 9: 1.5, 8: Number.NaN, 7: 1 },
      { n: 1, promoters: 0, passives: 1, detractors: 0, score: 0, promoterPct: 0, passivePct: 100, detractorPct: 0 },
    ],
  ])('%s', (_label, dist, expected) => {
    expect(npsFromDistribution(dist)).toEqual(expected);
  });

  it('puts the boundaries 6/7 and 8/9 in the right buckets', () => {
    expect(npsFromDistribution({ 6: 1 }).detractors).toBe(1);
    expect(npsFromDistribution({ 7: 1 }).passives).toBe(1);
    expect(npsFromDistribution({ 8: 1 }).passives).toBe(1);
    expect(npsFromDistribution({ 9: 1 }).promoters).toBe(1);
  });
});
