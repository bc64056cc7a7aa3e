/**
 * The x scale of a forest plot: wide enough for every interval and the reference line, padded a
 * little, never beyond what the measure can take (NPS −100…100, CES 1…7), with round ticks.
 */
export function forestDomain(values: readonly number[], limits: readonly [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [limits[0], limits[1]];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.08, (limits[1] - limits[0]) * 0.02);
  lo = Math.max(limits[0], lo - pad);
  hi = Math.min(limits[1], hi + pad);
  if (hi <= lo) return [limits[0], limits[1]];
  return [lo, hi];
}

/** About `count` ticks at 1, 2 or 5 times a power of ten (the nearest to an even split), inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const step = (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1) * power;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(decimals)) || 0);
  return ticks;
}
