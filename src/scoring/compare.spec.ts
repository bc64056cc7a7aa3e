import {
  compareMeans,
  compareNps,
  compareProportions,
  type Comparison,
  type NpsCounts,
  type ProportionCounts,
} from './compare';
import type { Moments } from './moments';

type Expected = [difference: number, low: number, high: number, pValue: number];

function expectComparison(actual: Comparison, [difference, low, high, pValue]: Expected): void {
  expect(actual.difference).toBeCloseTo(difference, 9);
  expect(actual.interval?.low).toBeCloseTo(low, 9);
  expect(actual.interval?.high).toBeCloseTo(high, 9);
  // p-values are compared relatively: the interesting ones are tiny.
  expect(Math.abs(actual.pValue! - pValue) / pValue).toBeLessThan(1e-9);
  expect(actual.significant).toBe(pValue < 0.05);
}

describe('compareNps', () => {
  const nps = (promoters: number, detractors: number, n: number): NpsCounts => ({ promoters, detractors, n });

  // Expected: numpy mean/variance of the expanded +1/0/−1 answers, scipy norm.sf for the p-value.
  it.each<[string, NpsCounts, NpsCounts, Expected]>([
    [
      '+20 points at n = 100, not significant',
      nps(50, 20, 100),
      nps(40, 30, 100),
      [20, -2.34743833194311, 42.34743833194311, 0.07941062599894227],
    ],
    [
      'the same, swapped: mirrored interval, same p',
      nps(40, 30, 100),
      nps(50, 20, 100),
      [-20, -42.34743833194311, 2.34743833194311, 0.07941062599894227],
    ],
    [
      '+2 points at n = 10 000',
      nps(4500, 2000, 10_000),
      nps(4400, 2100, 10_000),
      [2, -0.1332508900736462, 4.133250890073644, 0.06612564337805758],
    ],
    [
      'all promoters against a mix',
      nps(30, 0, 30),
      nps(15, 5, 30),
      [66.66666666666667, 39.99444502302762, 93.33888831030572, 9.633570086430874e-7],
    ],
    [
      'small unequal samples',
      nps(8, 4, 15),
      nps(5, 6, 14),
      [33.80952380952381, -29.505032471295515, 97.12408009034314, 0.2952720626474631],
    ],
    [
      'clearly different',
      nps(60, 10, 200),
      nps(30, 40, 200),
      [30, 18.95596088380705, 41.04403911619295, 1.0143229254943048e-7],
    ],
    ['identical samples', nps(20, 10, 50), nps(20, 10, 50), [0, -29.334593912307703, 29.334593912307703, 1]],
  ])('%s', (_label, a, b, expected) => {
    const result = compareNps(a, b);
    expectComparison(result, expected);
    expect(result.reason).toBeNull();
    expect(result.test).toMatch(/z-test/);
  });

  it('both all promoters: no difference, p = 1, with the reason', () => {
    expect(compareNps(nps(40, 0, 40), nps(12, 0, 12))).toMatchObject({
      difference: 0,
      interval: { low: 0, high: 0 },
      pValue: 1,
      significant: false,
      reason: expect.stringMatching(/no variation/),
    });
  });

  it('one promoter against one detractor: untestable, not significant, no NaN', () => {
    expect(compareNps(nps(1, 0, 1), nps(0, 1, 1))).toMatchObject({
      difference: 200,
      interval: null,
      pValue: null,
      significant: false,
      reason: expect.stringMatching(/no variation/),
    });
  });

  it.each<[NpsCounts, NpsCounts, string]>([
    [nps(0, 0, 0), nps(5, 1, 10), 'sample a has no answers'],
    [nps(5, 1, 10), nps(0, 0, 0), 'sample b has no answers'],
    [nps(0, 0, 0), nps(0, 0, 0), 'samples a and b have no answers'],
  ])('empty side: %p vs %p', (a, b, reason) => {
    expect(compareNps(a, b)).toMatchObject({
      difference: null,
      interval: null,
      pValue: null,
      significant: false,
      reason,
    });
  });

  it('rejects counts that do not add up', () => {
    expect(() => compareNps(nps(8, 5, 10), nps(1, 1, 10))).toThrow(RangeError);
  });
});

describe('compareProportions', () => {
  const prop = (successes: number, n: number): ProportionCounts => ({ successes, n });

  // Expected: p from scipy chi2_contingency(correction=False) on the 2×2 table, which equals the
  // pooled two-proportion z-test; interval (pa − pb) ± 1.96 × unpooled SE, in percentage points.
  it.each<[string, ProportionCounts, ProportionCounts, Expected]>([
    ['45% vs 30%', prop(45, 100), prop(30, 100), [15, 1.7428057267006931, 28.257194273299312, 0.028459736916310638]],
    [
      'swapped: mirrored interval, same p',
      prop(30, 100),
      prop(45, 100),
      [-15, -28.257194273299312, -1.7428057267006931, 0.028459736916310638],
    ],
    [
      "Newcombe's two examples",
      prop(81, 263),
      prop(15, 148),
      [20.663343952317337, 13.262478408677104, 28.06420949595757, 2.007294420255701e-6],
    ],
    ['none on one side', prop(0, 20), prop(5, 20), [-25, -43.97761839641635, -6.022381603583657, 0.01682740948275682]],
    [
      'just significant (62% vs 48%)',
      prop(62, 100),
      prop(48, 100),
      [14, 0.34736538246188964, 27.652634617538112, 0.04660488845237373],
    ],
    [
      '+1 point at n = 10 000',
      prop(5100, 10_000),
      prop(5000, 10_000),
      [1, -0.38579069126618015, 2.385790691266182, 0.15727845115653427],
    ],
    [
      '7 of 7 vs 6 of 7',
      prop(7, 7),
      prop(6, 7),
      [14.28571428571429, -11.637248507917151, 40.20867707934573, 0.29938690580359834],
    ],
  ])('%s', (_label, a, b, expected) => {
    const result = compareProportions(a, b);
    expectComparison(result, expected);
    expect(result.reason).toBeNull();
  });

  it('all against none: pooled p-value still valid, zero-width interval flagged', () => {
    const result = compareProportions(prop(20, 20), prop(0, 20));
    expectComparison(result, [100, 100, 100, 2.5396285894708634e-10]);
    expect(result.reason).toMatch(/zero width/);
  });

  it('one answer each, yes against no: not significant', () => {
    const result = compareProportions(prop(1, 1), prop(0, 1));
    expect(result.pValue).toBeCloseTo(0.15729920705028105, 12);
    expect(result.significant).toBe(false);
  });

  it('nobody on either side: no difference, p = 1', () => {
    expect(compareProportions(prop(0, 10), prop(0, 12))).toMatchObject({
      difference: 0,
      pValue: 1,
      significant: false,
    });
  });

  it('an empty side gives nulls and a reason', () => {
    expect(compareProportions(prop(0, 0), prop(3, 9))).toMatchObject({
      difference: null,
      interval: null,
      pValue: null,
      significant: false,
      reason: 'sample a has no answers',
    });
  });

  it('rejects more successes than answers', () => {
    expect(() => compareProportions(prop(11, 10), prop(1, 10))).toThrow(RangeError);
  });
});

describe('compareMeans', () => {
  const m = (n: number, sum: number, sumOfSquares: number): Moments => ({ n, sum, sumOfSquares });

  // Expected: scipy ttest_ind(equal_var=False) on the expanded answers: p-value and
  // confidence_interval(0.95); the function itself only sees n, Σx, Σx².
  it.each<[string, Moments, Moments, Expected]>([
    [
      'CSAT means 3.7 vs 3.3, n = 100 each',
      m(100, 370, 1530),
      m(100, 330, 1250),
      [0.4, 0.04435140422619738, 0.7556485957738033, 0.02769571029677027],
    ],
    [
      'swapped: mirrored interval, same p',
      m(100, 330, 1250),
      m(100, 370, 1530),
      [-0.4, -0.7556485957738033, -0.04435140422619738, 0.02769571029677027],
    ],
    [
      'one side constant (df = n_b − 1)',
      m(10, 50, 250),
      m(10, 45, 205),
      [0.5, 0.12297380620029913, 0.8770261937997008, 0.014956363910414222],
    ],
    [
      'unequal spreads, df = 4.95',
      m(5, 15, 55),
      m(5, 22, 98),
      [-1.4, -3.329937231944104, 0.5299372319441031, 0.12091546275598522],
    ],
    [
      'CES, n = 12 vs 13',
      m(12, 62, 372),
      m(13, 55, 267),
      [0.9358974358974361, -0.6910083377838736, 2.562803209578746, 0.24477035480587067],
    ],
    [
      'CES, n = 10 000 each',
      m(10_000, 53_900, 314_300),
      m(10_000, 53_600, 310_900),
      [0.03, -0.012668499485046975, 0.0726684994850457, 0.1681804591332584],
    ],
    [
      'tiny noisy side against a tight one, df ≈ 2',
      m(3, 11, 51),
      m(42, 128, 392),
      [0.6190476190476191, -5.112775719786031, 6.350870957881268, 0.6881174137608381],
    ],
  ])('%s', (_label, a, b, expected) => {
    const result = compareMeans(a, b);
    expectComparison(result, expected);
    expect(result).toMatchObject({ test: "Welch's t-test", reason: null });
  });

  it('both constant and equal: p = 1', () => {
    expect(compareMeans(m(5, 25, 125), m(8, 40, 200))).toMatchObject({ difference: 0, pValue: 1, significant: false });
  });

  it('both constant and different: untestable, no NaN', () => {
    expect(compareMeans(m(5, 25, 125), m(5, 20, 80))).toMatchObject({
      difference: 1,
      interval: null,
      pValue: null,
      significant: false,
      reason: expect.stringMatching(/no variation/),
    });
  });

  it.each<[Moments, Moments, string]>([
    [m(1, 5, 25), m(10, 40, 170), 'sample a has fewer than 2 answers'],
    [m(10, 40, 170), m(0, 0, 0), 'sample b has fewer than 2 answers'],
    [m(0, 0, 0), m(1, 3, 9), 'samples a and b have fewer than 2 answers'],
  ])('too small a side: %p vs %p', (a, b, reason) => {
    expect(compareMeans(a, b)).toMatchObject({
      difference: null,
      interval: null,
      pValue: null,
      significant: false,
      reason,
    });
  });
});
