import { compareNps, type NpsCounts } from './compare';
import { assertPartsOf } from './count-checks';
import type { Interval } from './intervals';
import type { TextLanguage } from './text/text-language';
import type { ThemedDocument } from './text/themes';

/**
 * What one theme does to NPS. The population is every scored response in scope; `mentioning`
 * are those whose open answers mention the theme and `without` the others (the NPS had the theme
 * never come up). Unrounded; round where the answer is built.
 */
export interface ThemeImpact {
  mentioning: { n: number; score: number | null };
  without: { n: number; score: number | null };
  /**
   * NPS of everyone minus NPS without the theme's responses, in NPS points: −4 means the theme
   * costs the score 4 points. Equals share × (NPS mentioning − NPS without).
   */
  impact: number | null;
  /** 95% interval of `impact`, given how many responses mention the theme. */
  interval: Interval | null;
  pValue: number | null;
  /** p < 0.05: the theme's responses score differently from the rest. */
  significant: boolean;
  /** Why a figure is missing (no responses mention it, or every response does). */
  reason: string | null;
}

const score = (c: NpsCounts) => (c.n === 0 ? null : ((c.promoters - c.detractors) / c.n) * 100);

/**
 * The theme's impact from two sets of counts: the responses mentioning it and all of them (which
 * include those). With share w = m/n, NPS_all − NPS_without = w · (NPS_mentioning − NPS_without),
 * so the test and the interval are those of the two-sample NPS comparison (compareNps: the two
 * groups are disjoint, hence independent), scaled by w, which is taken as fixed: the interval
 * answers "given that this many mention it, how sure are we of the difference it makes".
 */
export function themeImpact(mentioning: NpsCounts, all: NpsCounts): ThemeImpact {
  assertPartsOf(all.n, { mentioning: mentioning.n });
  assertPartsOf(all.promoters, { mentioning: mentioning.promoters });
  assertPartsOf(all.detractors, { mentioning: mentioning.detractors });
  const without: NpsCounts = {
    n: all.n - mentioning.n,
    promoters: all.promoters - mentioning.promoters,
    detractors: all.detractors - mentioning.detractors,
  };
  const c = compareNps(mentioning, without);
  const share = all.n === 0 ? 0 : mentioning.n / all.n;
  const reason =
    c.reason && mentioning.n === 0
      ? 'no scored response mentions this theme'
      : c.reason && without.n === 0
        ? 'every scored response mentions this theme, so there is nothing to compare with'
        : c.reason;
  return {
    mentioning: { n: mentioning.n, score: score(mentioning) },
    without: { n: without.n, score: score(without) },
    impact: c.difference === null ? null : share * c.difference,
    interval: c.interval ? { low: share * c.interval.low, high: share * c.interval.high } : null,
    pValue: c.pValue,
    significant: c.significant,
    reason,
  };
}

/**
 * For each theme, the NPS counts of the scored responses that mention it (in its language), in
 * one pass over the responses' themes however many themes are asked for.
 */
export function mentionCounts(
  docs: ReadonlyArray<ThemedDocument & { nps: number | null }>,
  themes: ReadonlyArray<{ language: TextLanguage | null; key: string }>,
): NpsCounts[] {
  const id = (language: TextLanguage | null, key: string) => `${language ?? ''}\u0000${key}`;
  const counts = new Map(themes.map((t) => [id(t.language, t.key), { n: 0, promoters: 0, detractors: 0 }]));
  for (const doc of docs) {
    if (doc.nps === null) continue;
    for (const key of doc.themes.keys()) {
      const c = counts.get(id(doc.language, key));
      if (!c) continue;
      c.n++;
      if (doc.nps >= 9) c.promoters++;
      else if (doc.nps <= 6) c.detractors++;
    }
  }
  return themes.map((t) => counts.get(id(t.language, t.key))!);
}
