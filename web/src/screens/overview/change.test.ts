import { describe, expect, it } from 'vitest';

import type { Comparison } from '../../api/scores';
import { changeKind } from './change';

const side = (n: number, score: number | null) => ({
  n,
  score,
  tooFewToJudge: n < 30,
  from: null,
  to: null,
  where: {},
});

const cmp = (over: Partial<Comparison>): Comparison => ({
  metric: 'nps',
  a: side(400, 40),
  b: side(400, 30),
  difference: 10,
  interval: { low: 2, high: 18 },
  pValue: 0.01,
  significant: true,
  tooFewToJudge: false,
  questionId: null,
  test: 'two-proportion z',
  reason: null,
  minimumAnswers: 30,
  verdict: '',
  ...over,
});

describe('the change against the previous period in words', () => {
  it('says rose or fell only when the test finds a difference', () => {
    expect(changeKind(cmp({}))).toBe('rose');
    expect(changeKind(cmp({ difference: -10, interval: { low: -18, high: -2 } }))).toBe('fell');
  });
  it('calls a difference the test does not find noise', () =>
    expect(changeKind(cmp({ significant: false, pValue: 0.4 }))).toBe('noise'));
  it('never gives a direction from too few answers', () =>
    expect(changeKind(cmp({ tooFewToJudge: true, significant: true }))).toBe('tooFew'));
  it('says nothing when a period has no score', () => {
    expect(changeKind(cmp({ b: side(0, null), difference: null }))).toBe('none');
    expect(changeKind(undefined)).toBe('none');
  });
});
