/**
 * Statistics inputs come from rollups of counts; a negative or non-finite one is a bug upstream,
 * and failing loudly beats publishing a confident-looking interval computed from it.
 */
export function assertCounts(counts: Record<string, number>): void {
  for (const [name, v] of Object.entries(counts)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number, got ${v}`);
  }
}

/** Parts of a whole (successes of n, promoters + detractors of n) cannot exceed it. */
export function assertPartsOf(n: number, parts: Record<string, number>): void {
  assertCounts({ n, ...parts });
  const total = Object.values(parts).reduce((acc, v) => acc + v, 0);
  if (total > n) throw new RangeError(`${Object.keys(parts).join(' + ')} = ${total} exceeds n = ${n}`);
}
