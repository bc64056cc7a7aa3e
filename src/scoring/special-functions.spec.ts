import { logGamma, regularizedBeta, regularizedGammaQ } from './special-functions';

/** Relative error, absolute at 0: the tails span hundreds of orders of magnitude. */
const relErr = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

// Expected values from mpmath at 40 digits (loggamma, betainc, gammainc), rounded to doubles.
describe('logGamma', () => {
  it.each([
    [0.5, 0.5723649429247001], // ln √π
    [1, 0],
    [2, 0],
    [3.5, 1.2009736023470743],
    [0.1, 2.252712651734206], // reflection branch
    [10.3, 13.482036786138359],
    [200.5, 860.5822035097825], // Γ itself would overflow long before 200
    [1e5, 1051287.7089736569],
  ])('logGamma(%p) = %p', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it.each([0, -1, Number.NaN])('rejects %p', (x) => {
    expect(() => logGamma(x)).toThrow(RangeError);
  });
});

describe('regularizedBeta', () => {
  it.each([
    [0.5, 2, 3, 0.6875], // exact: 11/16
    [0.2, 0.5, 0.5, 0.2951672353008666], // = (2/π) asin(√0.2)
    [0.9, 5, 0.5, 0.3166429150200123],
    [0.999, 15, 0.5, 0.8635860750895132], // symmetry branch
    [0.01, 50, 0.5, 7.998227417904822e-102], // deep tail keeps its digits
    [0.3, 2.5, 7.25, 0.6604822735819073],
    [0, 3, 4, 0],
    [1, 3, 4, 1],
  ])('I_%p(%p, %p) = %p', (x, a, b, expected) => {
    expect(relErr(regularizedBeta(x, a, b), expected)).toBeLessThan(1e-12);
  });

  it('matches the arcsine closed form at a = b = ½', () => {
    expect(relErr(regularizedBeta(0.2, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.2)))).toBeLessThan(1e-13);
  });

  it.each([
    [-0.1, 1, 1],
    [1.1, 1, 1],
    [0.5, 0, 1],
    [0.5, 1, -1],
  ])('rejects I_%p(%p, %p)', (x, a, b) => {
    expect(() => regularizedBeta(x, a, b)).toThrow(RangeError);
  });
});

describe('regularizedGammaQ', () => {
  it.each([
    [1, 2, Math.exp(-2)], // Q(1, x) = e^(−x)
    [0.5, 1, 0.15729920705028513], // = erfc(1)
    [3, 2.5, 0.5438131158833295],
    [0.5, 50, 1.523970604832105e-23], // continued-fraction branch, deep tail
    [10, 3, 0.9988975118698845], // series branch
    [2.5, 40, 8.391825114831611e-16],
    [2, 0, 1],
    [2, Infinity, 0],
  ])('Q(%p, %p) = %p', (a, x, expected) => {
    expect(relErr(regularizedGammaQ(a, x), expected)).toBeLessThan(1e-12);
  });

  it.each([
    [0, 1],
    [1, -1],
  ])('rejects Q(%p, %p)', (a, x) => {
    expect(() => regularizedGammaQ(a, x)).toThrow(RangeError);
  });
});
