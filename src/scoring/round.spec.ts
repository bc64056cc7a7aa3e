import { round } from './round';

describe('round', () => {
  it.each([
    [1.005, 2, 1.01],
    [1.0049, 2, 1],
    [2.675, 2, 2.68],
    [1.45, 1, 1.5],
    [26.666666, 1, 26.7],
    [0.5, 0, 1],
    [1.5, 0, 2],
    [2.5, 0, 3],
    [-0.5, 0, -1],
    [-2.5, 0, -3],
    [-1.005, 2, -1.01],
    [-26.65, 1, -26.7],
    [-0.04, 1, 0],
    [0, 1, 0],
    [100, 1, 100],
    [33.333333333, 1, 33.3],
    [66.666666666, 1, 66.7],
    [4.35, 1, 4.4],
    [8.345, 2, 8.35],
    [1234.5, 0, 1235],
    [7, 2, 7],
  ])('round(%p, %p) = %p', (x, decimals, expected) => {
    expect(round(x, decimals)).toBe(expected);
  });

  it('defaults to whole numbers', () => {
    expect(round(2.5)).toBe(3);
  });

  it('never returns negative zero', () => {
    expect(Object.is(round(-0.001, 1), 0)).toBe(true);
    expect(Object.is(round(-0, 1), 0)).toBe(true);
  });

  it('passes non-finite values through', () => {
    expect(round(Number.NaN, 1)).toBeNaN();
    expect(round(Infinity, 1)).toBe(Infinity);
  });

  it.each([-1, 1.5, 11])('rejects decimals=%p', (decimals) => {
    expect(() => round(1, decimals)).toThrow(RangeError);
  });
});
