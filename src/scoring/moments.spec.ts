import type { Distribution } from './metric-types';
import { type Moments, momentsFromDistribution } from './moments';

describe('momentsFromDistribution', () => {
  it.each<[string, Distribution, number, number, Moments]>([
    ['CSAT fixture', { 5: 30, 4: 40, 3: 10, 2: 10, 1: 10 }, 1, 5, { n: 100, sum: 370, sumOfSquares: 1530 }],
    ['empty', {}, 1, 5, { n: 0, sum: 0, sumOfSquares: 0 }],
    ['single answer', { 7: 1 }, 1, 7, { n: 1, sum: 7, sumOfSquares: 49 }],
    ['stray values dropped as in tally', { 0: 3, 6: 2, 2: 2 }, 1, 5, { n: 2, sum: 4, sumOfSquares: 8 }],
    ['NPS scale with zeros', { 0: 4, 10: 1 }, 0, 10, { n: 5, sum: 10, sumOfSquares: 100 }],
  ])('%s', (_label, dist, min, max, expected) => {
    expect(momentsFromDistribution(dist, min, max)).toEqual(expected);
  });
});
