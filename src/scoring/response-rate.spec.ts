import { responseRate } from './response-rate';

describe('responseRate', () => {
  it.each([
    [0, 0, null],
    [5, 0, null],
    [0, 10, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3],
    [10, 10, 100],
    [1, 200, 0.5],
    [1, 2000, 0.1],
    [1, 20001, 0],
    [12, 10, 120],
  ])('responseRate(%p, %p) = %p', (responses, sent, expected) => {
    expect(responseRate(responses, sent)).toBe(expected);
  });

  it.each([
    [-1, 10],
    [1, -10],
    [Number.NaN, 10],
    [1, Infinity],
  ])('rejects responseRate(%p, %p)', (responses, sent) => {
    expect(() => responseRate(responses, sent)).toThrow(RangeError);
  });
});
