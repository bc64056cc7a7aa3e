import { studentTCdf, studentTQuantile } from './student-t';

const relErr = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

// Expected values from scipy.stats.t (cdf, ppf); the 0.975 column is the printed t-table
// (12.7062047, 4.3026527, 3.1824463, 2.5705818, 2.2281389, 2.0452296, 2.0422725, 1.9839715, 1.9623391).
describe('studentTQuantile', () => {
  it.each([
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.975, 3, 3.1824463052837078],
    [0.975, 5, 2.5705818356363146],
    [0.975, 10, 2.228138851986274],
    [0.975, 29, 2.045229642132703],
    [0.975, 30, 2.0422724563012378],
    [0.975, 100, 1.9839715185235518],
    [0.975, 1000, 1.9623390808264083],
    [0.975, 1.5, 6.016663104427929], // Welch df are rarely whole numbers
    [0.975, 7.3, 2.345066736547703],
    [0.995, 5, 4.032142983555228],
    [0.9, 4, 1.533206274058944],
    [0.025, 10, -2.2281388519862753],
    [0.9999999, 1, 3183098.8635132452],
    [0.5, 7, 0],
  ])('t(%p, df=%p) = %p', (p, df, expected) => {
    expect(relErr(studentTQuantile(p, df), expected)).toBeLessThan(1e-10);
  });

  it('matches the closed forms at df = 1 (Cauchy) and df = 2', () => {
    expect(relErr(studentTQuantile(0.975, 1), Math.tan(Math.PI * 0.475))).toBeLessThan(1e-12);
    expect(relErr(studentTQuantile(0.975, 2), 0.95 / Math.sqrt(2 * 0.975 * 0.025))).toBeLessThan(1e-12);
  });

  it('approaches the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.9599639845400538, 14);
  });

  it('inverts studentTCdf', () => {
    for (const df of [1, 3.5, 12, 250]) {
      for (const p of [0.01, 0.3, 0.8, 0.975]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
  });

  it.each([
    [0.975, 0],
    [0.975, -1],
    [1.2, 5],
  ])('rejects p=%p, df=%p', (p, df) => {
    expect(() => studentTQuantile(p, df)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it.each([
    [2.5, 7, 0.9795038907071235],
    [-40, 3, 1.7190340394579253e-5], // deep lower tail keeps its digits
    [0, 5, 0.5],
    [1, 1, 0.75], // Cauchy: ½ + atan(1)/π
    [-3, 2.5, 0.036288047774515914],
    [Infinity, 4, 1],
    [-Infinity, 4, 0],
  ])('T(%p, df=%p) = %p', (t, df, expected) => {
    expect(relErr(studentTCdf(t, df), expected)).toBeLessThan(1e-10);
  });

  it('stays within 1e-9 at very large df, where ln Γ differences of ~10⁶ cancel', () => {
    expect(relErr(studentTCdf(1.5, 1e6), 0.9331926408816036)).toBeLessThan(1e-9);
  });
});
