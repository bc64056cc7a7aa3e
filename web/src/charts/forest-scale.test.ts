import { describe, expect, it } from 'vitest';

import { forestDomain, niceTicks } from './forest-scale';

describe('the forest plot scale', () => {
  it('spans every interval with a little room, inside the measure’s limits', () => {
    const [lo, hi] = forestDomain([-25, 15, 37, 73], [-100, 100]);
    expect([lo, hi].map((x) => Math.round(x * 100) / 100)).toEqual([-32.84, 80.84]);
    expect(forestDomain([-100, 100], [-100, 100])).toEqual([-100, 100]);
    expect(forestDomain([4.1, 4.6], [1, 7]).map((x) => Math.round(x * 100) / 100)).toEqual([3.98, 4.72]);
  });

  it('falls back to the whole range when there is nothing or a single point', () => {
    expect(forestDomain([], [0, 100])).toEqual([0, 100]);
    expect(forestDomain([Number.NaN], [0, 100])).toEqual([0, 100]);
    expect(forestDomain([100, 100], [0, 100])).toEqual([98, 100]);
  });

  it('ticks at round numbers', () => {
    expect(niceTicks(-32.8, 80.8)).toEqual([-20, 0, 20, 40, 60, 80]);
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(3.98, 4.72)).toEqual([4, 4.2, 4.4, 4.6]);
    expect(niceTicks(-100, 100)).toEqual([-100, -50, 0, 50, 100]);
    expect(niceTicks(1, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
