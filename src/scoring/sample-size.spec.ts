import { DEFAULT_MINIMUM_ANSWERS, tooFewToJudge } from './sample-size';

describe('tooFewToJudge', () => {
  it.each<[number, number | undefined, boolean]>([
    [0, undefined, true],
    [1, undefined, true],
    [29, undefined, true],
    [30, undefined, false],
    [10_000, undefined, false],
    [9, 10, true],
    [10, 10, false],
    [0, 0, false],
  ])('tooFewToJudge(%p, %p) = %p', (n, minimum, expected) => {
    expect(tooFewToJudge(n, minimum)).toBe(expected);
  });

  it('defaults to 30', () => {
    expect(DEFAULT_MINIMUM_ANSWERS).toBe(30);
  });

  it.each([
    [-1, 30],
    [2.5, 30],
    [Number.NaN, 30],
    [10, -5],
    [10, 1.5],
  ])('rejects n=%p, minimum=%p', (n, minimum) => {
    expect(() => tooFewToJudge(n, minimum)).toThrow(RangeError);
  });
});
