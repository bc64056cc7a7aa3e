import type { Theme, ThemeImpact } from '../../api/text';

/**
 * The themes to draw on the impact chart: the ones that cost most first, then the ones that
 * help, then those without a figure (kept: the table says why).
 */
export function impactRows(themes: readonly Theme[]): Theme[] {
  const rank = (t: Theme) => t.impact.impact ?? Number.POSITIVE_INFINITY;
  return [...themes]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
    .map(({ t }) => t);
}

const STEPS = [1, 2, 2.5, 5, 10];

/** The smallest "nice" number (1, 2, 2.5, 5 × 10ⁿ) at or above x; 1 for nothing to show. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = STEPS.find((s) => s * power >= x - 1e-9) ?? 10;
  return step * power;
}

/** Half the width of the chart's symmetric scale, in NPS points: every dot and whisker fits. */
export function impactDomain(rows: readonly Theme[]): number {
  const ends = rows.flatMap((r) => [r.impact.impact, r.impact.interval?.low, r.impact.interval?.high]);
  const largest = Math.max(0, ...ends.filter((x): x is number => typeof x === 'number').map(Math.abs));
  return niceCeil(largest);
}

/** Where a value sits on a chart `width` wide whose middle is 0 and whose ends are ±domain, clamped inside. */
export function xOf(value: number, domain: number, width: number): number {
  const clamped = Math.max(-domain, Math.min(domain, value));
  return ((clamped + domain) / (2 * domain)) * width;
}

/** Axis ticks: both ends, the halves and zero. */
export const ticksOf = (domain: number) => [-domain, -domain / 2, 0, domain / 2, domain];

/** How a dot reads: a real cost, a real lift, or within chance. */
export function impactKind(i: ThemeImpact): 'costs' | 'lifts' | 'unclear' {
  if (!i.significant || i.impact === null) return 'unclear';
  return i.impact < 0 ? 'costs' : 'lifts';
}
