import { assertPartsOf } from '../count-checks';
import type { TextLanguage } from './text-language';
import { documentThemes, type TextDocument, type ThemedDocument, ThemeTally } from './themes';

/** A theme that detractors mention more than promoters, with the evidence. */
export interface OverrepresentedTheme {
  language: TextLanguage | null;
  key: string;
  words: number;
  label: string;
  /** Detractor responses (in this language) that mention the theme, and how many there are. */
  detractors: number;
  detractorResponses: number;
  promoters: number;
  promoterResponses: number;
  /** Smoothed log-odds of a detractor mentioning it minus that of a promoter; > 0 leans detractor. */
  logOdds: number;
  /** logOdds over its standard error: how sure we are, and the ranking key. */
  z: number;
}

export interface OverrepresentationOptions {
  /** Longest theme in content words (as in extractThemes). Default 2. */
  maxWords?: number;
  /** Fewest responses, both groups together, that must mention a theme. Default 3. */
  minDocuments?: number;
  /**
   * Strength of the prior in pseudo-responses added to each group at the pooled mention rate.
   * Larger pulls small-sample differences harder towards zero. Must be > 0. Default 10.
   */
  priorResponses?: number;
  /** Only themes with at least this z. Default 0 (every theme that leans detractor). */
  minZ?: number;
  /** At most this many, best first. Default 20. */
  limit?: number;
}

export interface LogOdds {
  logOdds: number;
  variance: number;
  z: number;
}

/**
 * Monroe, Colaresi & Quinn (2008), "Fightin' Words", §3.5: log-odds ratio with an informative
 * Dirichlet prior, here on the two outcomes "mentions the theme / does not" (a Dirichlet over
 * two outcomes is a Beta). The prior adds `prior` pseudo-responses to each group, split by the
 * pooled mention rate, which shrinks differences resting on a handful of answers; the
 * variance is their large-sample approximation, the sum of reciprocal smoothed cell counts.
 * The pooled rate is itself nudged off 0 and 1 (add ½ of a mention in 1 response) so no cell
 * is ever empty.
 */
export function logOddsWithPrior(a: number, nA: number, b: number, nB: number, prior: number): LogOdds {
  assertPartsOf(nA, { a });
  assertPartsOf(nB, { b });
  // With no prior an empty cell gives log(0); the prior is what keeps every cell positive.
  if (!(prior > 0) || !Number.isFinite(prior)) throw new RangeError(`prior must be a positive number, got ${prior}`);
  const rate = (a + b + 0.5) / (nA + nB + 1);
  const alpha = prior * rate;
  const beta = prior * (1 - rate);
  const cells = [a + alpha, nA - a + beta, b + alpha, nB - b + beta];
  const logOdds = Math.log(cells[0] / cells[1]) - Math.log(cells[2] / cells[3]);
  const variance = cells.reduce((sum, c) => sum + 1 / c, 0);
  return { logOdds, variance, z: logOdds / Math.sqrt(variance) };
}

/**
 * Themes most over-represented among detractors compared with promoters, ranked by z so that a
 * theme needs both a real difference and enough answers behind it (raw ratios put one-off words
 * on top). Shares are taken within a theme's own language, since a Finnish theme can only
 * appear in Finnish answers.
 */
export function overrepresentedThemes(
  detractors: TextDocument[],
  promoters: TextDocument[],
  options: OverrepresentationOptions = {},
): OverrepresentedTheme[] {
  const maxWords = options.maxWords ?? 2;
  const themed = (docs: TextDocument[]) =>
    docs.map((doc) => ({ language: doc.language, themes: documentThemes(doc, maxWords) }));
  return overrepresentedAmong(themed(detractors), themed(promoters), options);
}

/** overrepresentedThemes over responses whose themes are already known (`maxWords` no longer applies). */
export function overrepresentedAmong(
  detractors: readonly ThemedDocument[],
  promoters: readonly ThemedDocument[],
  options: Omit<OverrepresentationOptions, 'maxWords'> = {},
): OverrepresentedTheme[] {
  const { minDocuments = 3, priorResponses = 10, minZ = 0, limit = 20 } = options;
  const d = new ThemeTally();
  const p = new ThemeTally();
  const both = new ThemeTally();
  for (const [docs, tally] of [
    [detractors, d],
    [promoters, p],
  ] as const) {
    for (const doc of docs) {
      tally.add(doc.language, doc.themes);
      both.add(doc.language, doc.themes);
    }
  }
  const dSizes = responsesPerLanguage(detractors);
  const pSizes = responsesPerLanguage(promoters);

  return both
    .themes()
    .filter((t) => t.documents >= minDocuments)
    .map((t) => {
      const row = {
        detractors: d.documents(t.language, t.key),
        detractorResponses: dSizes.get(t.language) ?? 0,
        promoters: p.documents(t.language, t.key),
        promoterResponses: pSizes.get(t.language) ?? 0,
      };
      const { logOdds, z } = logOddsWithPrior(
        row.detractors,
        row.detractorResponses,
        row.promoters,
        row.promoterResponses,
        priorResponses,
      );
      return { language: t.language, key: t.key, words: t.words, label: t.label, ...row, logOdds, z };
    })
    .filter((t) => t.z > 0 && t.z >= minZ)
    .sort((x, y) => y.z - x.z || x.key.localeCompare(y.key))
    .slice(0, limit);
}

function responsesPerLanguage(docs: readonly ThemedDocument[]): Map<TextLanguage | null, number> {
  const sizes = new Map<TextLanguage | null, number>();
  for (const doc of docs) sizes.set(doc.language, (sizes.get(doc.language) ?? 0) + 1);
  return sizes;
}
