import type { Comparison } from '../../api/scores';

export type ChangeKind = 'rose' | 'fell' | 'noise' | 'tooFew' | 'none';

/**
 * How to say a period-over-period comparison in plain words: a rise or fall only when the test
 * finds it (p < 0.05 and an interval that excludes zero); otherwise "within noise", and never a
 * direction from too few answers. `a` is this period, `b` the previous one.
 */
export function changeKind(c: Comparison | undefined): ChangeKind {
  if (!c || c.a.score === null || c.b.score === null || c.difference === null) return 'none';
  if (c.tooFewToJudge) return 'tooFew';
  if (!c.significant) return 'noise';
  return c.difference > 0 ? 'rose' : 'fell';
}
