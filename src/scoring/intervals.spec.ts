import { meanInterval, npsMargin, wilsonInterval } from './intervals';

describe('npsMargin', () => {
  // Expected: 1.96 × 100 × √(Var/n) with Var the population variance of the +1/0/−1 answers,
  // computed with numpy from the expanded answers, an independent route to (p + d − (p − d)²).
  it.each<[string, number, number, number, number | null]>([
    ['typical: 50% promoters, 20% detractors', 50, 20, 100, 15.308089364777045],
    ['nps.spec fixture (8, 4 of 15)', 8, 4, 15, 43.205706070344895],
    ['maximum variance, p = d = ½', 50, 50, 100, 19.6],
    ['p = d = 0.4', 40, 40, 100, 17.53077294359835],
    ['3 promoters, 1 detractor of 10', 3, 1, 10, 37.188385283580146],
    ['one promoter and one detractor', 1, 1, 2, 138.59292911256333],
    ['large n', 600_000, 150_000, 1_000_000, 0.14502675615209767],
    ['all promoters', 30, 0, 30, 0],
    ['all detractors', 0, 30, 30, 0],
    ['n = 1, a promoter', 1, 0, 1, 0],
    ['n = 1, a passive', 0, 0, 1, 0],
    ['no answers', 0, 0, 0, null],
  ])('%s', (_label, promoters, detractors, n, expected) => {
    const margin = npsMargin(promoters, detractors, n);
    if (expected === null) expect(margin).toBeNull();
    else expect(margin).toBeCloseTo(expected, 10);
  });

  it('never returns a negative zero or NaN for pure samples', () => {
    expect(Object.is(npsMargin(7, 0, 7), 0)).toBe(true);
  });

  it.each([
    [-1, 0, 10],
    [5, 6, 10],
    [1, 0, Number.NaN],
  ])('rejects promoters=%p, detractors=%p, n=%p', (promoters, detractors, n) => {
    expect(() => npsMargin(promoters, detractors, n)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  // Expected: the closed-form Wilson bounds at z = 1.96, computed in Python; scipy's
  // binomtest(...).proportion_ci(method='wilson') agrees to the 4th decimal (it uses the exact z).
  it.each<[number, number, number, number]>([
    [81, 263, 25.52876130636696, 36.62106840534216],
    [15, 148, 6.238584514033465, 16.04885186703734],
    [0, 20, 0, 16.113012549493323],
    [1, 29, 0.6113056614032262, 17.17589106470025],
    [29, 29, 88.30264055344442, 100],
    [5, 5, 56.550850524791905, 100],
    [1, 1, 20.654329147389287, 100],
    [0, 1, 0, 79.34567085261071],
    [1, 2, 9.452865480086615, 90.54713451991339],
    [50, 100, 40.38298285901472, 59.61701714098528],
    [450, 1000, 41.94148276959868, 48.096786216265244],
    [123_456, 200_000, 61.51475549461589, 61.94079397118997],
  ])('%p of %p → [%p, %p]', (successes, n, low, high) => {
    const ci = wilsonInterval(successes, n);
    expect(ci?.low).toBeCloseTo(low, 9);
    expect(ci?.high).toBeCloseTo(high, 9);
  });

  it.each([
    // Newcombe (1998), Stat Med 17:857, Table II, method 3 (Wilson score, no continuity correction).
    [81, 263, 25.53, 36.62],
    [15, 148, 6.24, 16.05],
    [0, 20, 0, 16.11],
    [1, 29, 0.61, 17.18],
  ])("reproduces Newcombe's published example %p/%p", (successes, n, low, high) => {
    const ci = wilsonInterval(successes, n);
    expect(ci?.low).toBeCloseTo(low, 2);
    expect(ci?.high).toBeCloseTo(high, 2);
  });

  it('takes another z: the exact 97.5% quantile reproduces scipy', () => {
    const ci = wilsonInterval(81, 263, 1.959963984540054);
    expect(ci?.low).toBeCloseTo(25.528851987827423, 9);
    expect(ci?.high).toBeCloseTo(36.62095769828, 9);
  });

  it('stays inside 0…100 at the extremes, where Wald would collapse to a point', () => {
    expect(wilsonInterval(0, 3)).toEqual({ low: 0, high: expect.any(Number) });
    expect(wilsonInterval(3, 3)?.high).toBe(100);
    expect(wilsonInterval(3, 3)!.low).toBeGreaterThan(0);
  });

  it('is null without answers', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it.each([
    [3, 2, 1.96],
    [-1, 2, 1.96],
    [1, 2, 0],
    [1, 2, Number.NaN],
  ])('rejects successes=%p, n=%p, z=%p', (successes, n, z) => {
    expect(() => wilsonInterval(successes, n, z)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  // Expected: scipy.stats.t.interval(0.95, n − 1, loc=mean, scale=sem) over the raw answers;
  // the inputs here are only their n, Σx and Σx².
  it.each<[string, number, number, number, number, number]>([
    ['1…5 once each', 5, 15, 55, 3, 1.963243161477557],
    ['ten CSAT answers', 10, 41, 177, 4.1, 0.7113715997194987],
    ['n = 2 (t = 12.71)', 2, 8, 50, 4, 38.11861420852408],
    ['CSAT fixture of 100', 100, 370, 1530, 3.7, 0.25303727171161006],
    ['fifteen CES answers', 15, 80, 482, 5.333333333333333, 1.1009507071178852],
  ])('%s', (_label, n, sum, sumOfSquares, mean, margin) => {
    const ci = meanInterval(n, sum, sumOfSquares);
    expect(ci?.mean).toBeCloseTo(mean, 12);
    expect(ci?.margin).toBeCloseTo(margin, 9);
    expect(ci?.low).toBeCloseTo(mean - margin, 9);
    expect(ci?.high).toBeCloseTo(mean + margin, 9);
  });

  it('has zero width when every answer is the same', () => {
    expect(meanInterval(4, 12, 36)).toEqual({ mean: 3, low: 3, high: 3, margin: 0 });
  });

  it('stays exact for a constant sample at large n', () => {
    expect(meanInterval(1_000_000, 5_000_000, 25_000_000)?.margin).toBe(0);
  });

  it.each([
    [0, 0, 0],
    [1, 4, 16],
  ])('is null for n=%p', (n, sum, sumOfSquares) => {
    expect(meanInterval(n, sum, sumOfSquares)).toBeNull();
  });

  it.each([
    [-1, 0, 0],
    [3, Number.NaN, 5],
    [3, 6, -1],
  ])('rejects n=%p, sum=%p, sumOfSquares=%p', (n, sum, sumOfSquares) => {
    expect(() => meanInterval(n, sum, sumOfSquares)).toThrow(RangeError);
  });
});
