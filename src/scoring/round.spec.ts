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

  it('agrees with always cutting to 15 digits first, on 200,000 random values (the fast path is only a shortcut)', () => {
    const slow = (x: number, d: number) => {
      const f = 10 ** d;
      const r = (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(15)))) / f;
      return r === 0 ? 0 : r;
    };
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const mismatches: Array<[number, number]> = [];
    for (let i = 0; i < 200_000; i++) {
      const d = i % 4;
      // Mostly values on exact decimal halves (where noise matters), some anywhere, in several magnitudes.
      const x =
        i % 2
          ? ((Math.floor(random() * 200000) - 100000 + 0.5) / 10 ** (d + 1)) * 10
          : (random() - 0.5) * 10 ** (i % 9);
      if (round(x, d) !== slow(x, d)) mismatches.push([x, d]);
    }
    expect(mismatches).toEqual([]);
  });
});
