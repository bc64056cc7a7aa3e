/**
 * Below this many answers a score is flagged rather than trusted: around 30 the sampling
 * distribution of a mean or share is close enough to normal for the intervals here to mean
 * what they say, and at n = 30 an NPS margin is already ±25–35 points.
 */
export const DEFAULT_MINIMUM_ANSWERS = 30;

/** True when `n` answers are too few to judge a score by (`n < minimum`). */
export function tooFewToJudge(n: number, minimum = DEFAULT_MINIMUM_ANSWERS): boolean {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(minimum) || minimum < 0) {
    throw new RangeError(`minimum must be a non-negative integer, got ${minimum}`);
  }
  return n < minimum;
}
