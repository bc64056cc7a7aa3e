/**
 * Rounds half away from zero to `decimals` places.
 *
 * Scaling by a power of ten drags binary noise along (1.005 * 100 = 100.49999999999999),
 * so the scaled value is first cut to 15 significant digits, the precision a double can
 * represent faithfully, which restores the intended decimal before rounding.
 */
export function round(x: number, decimals = 0): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`decimals must be an integer 0–10, got ${decimals}`);
  }
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** decimals;
  const raw = Math.abs(x) * factor;
  // Cutting to 15 digits moves a value by at most 5e-15 of itself, so it can only matter right at
  // a half; elsewhere the string round trip (the slow part, in every score of every group) is skipped.
  const nearHalf = Math.abs(raw - Math.floor(raw) - 0.5) <= raw * 1e-14;
  const scaled = nearHalf ? Number(raw.toPrecision(15)) : raw;
  const rounded = (Math.sign(x) * Math.round(scaled)) / factor;
  // Avoid reporting "-0" for tiny negative inputs.
  return rounded === 0 ? 0 : rounded;
}
