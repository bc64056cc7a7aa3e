import { normalCdf, normalQuantile } from './normal';

const relErr = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

// Expected values from mpmath (ncdf, √2·erfinv(2p − 1)) at 40 digits; Φ(1.96) = 0.9750021 and
// z(0.975) = 1.959964 are also the printed normal-table values.
describe('normalCdf', () => {
  it.each([
    [1.96, 0.9750021048517795],
    [0, 0.5],
    [-1, 0.15865525393145705],
    [-0.5, 0.3085375387259869],
    [3, 0.9986501019683699],
    [1.644853626951472, 0.95],
    [-8, 6.220960574271784e-16], // 1 − Φ(8) computed naively would be 6.7e-16
    [-20, 2.7536241186062337e-89],
    [-Infinity, 0],
    [Infinity, 1],
  ])('Φ(%p) = %p', (z, expected) => {
    expect(relErr(normalCdf(z), expected)).toBeLessThan(1e-12);
  });

  it('is symmetric: Φ(−z) = 1 − Φ(z)', () => {
    for (const z of [0.1, 0.7, 1.3, 2.2, 4]) expect(normalCdf(-z) + normalCdf(z)).toBeCloseTo(1, 15);
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.9599639845400538],
    [0.95, 1.6448536269514722],
    [0.5, 0],
    [0.3, -0.5244005127080408],
    [0.01, -2.326347874040841],
    [1e-10, -6.361340902404057], // Acklam's tail branch
    [0.999999, 4.753424308817087],
    [0, -Infinity],
    [1, Infinity],
  ])('z(%p) = %p', (p, expected) => {
    const z = normalQuantile(p);
    if (Number.isFinite(expected)) expect(Math.abs(z - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    else expect(z).toBe(expected);
  });

  it('inverts normalCdf', () => {
    for (const p of [0.001, 0.2, 0.6, 0.9, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects p=%p', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
