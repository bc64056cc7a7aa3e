import { round } from './round';

/**
 * Responses as a percentage of invitations sent (1 decimal), null when nothing was sent.
 * Not capped at 100: more responses than sends means a counting bug worth seeing.
 */
export function responseRate(responses: number, sent: number): number | null {
  for (const [name, v] of [
    ['responses', responses],
    ['sent', sent],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number, got ${v}`);
  }
  return sent === 0 ? null : round((responses / sent) * 100, 1);
}
