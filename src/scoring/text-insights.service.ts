import { Injectable } from '@nestjs/common';

import { encodeCursor, KeysetPosition } from '../common/cursor';
import { unknownFilter } from '../common/problem';
import type { NpsCounts } from './compare';
import { OpenAnswerRow, OpenAnswersFilter, OpenAnswersRepository } from './open-answers.repository';
import { round } from './round';
import { ScoredCampaignsRepository } from './scored-campaigns.repository';
import { overrepresentedAmong } from './text/overrepresentation';
import { matchesQuery, queryTerms } from './text/search';
import { hasSentimentLexicon, sentimentOf } from './text/sentiment';
import { TEXT_LANGUAGES, TextLanguage, textLanguageOf } from './text/text-language';
import { applyCorrections } from './text/theme-corrections';
import { documentThemes, rankThemes, ThemedDocument } from './text/themes';
import { correctionsByResponse, ThemeCorrectionsRepository } from './theme-corrections.repository';
import { mentionCounts, themeImpact } from './theme-impact';

export interface TextFilter {
  workspaceId: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
  /** Only answers in this language (en, fi, sv, nb). */
  language?: TextLanguage;
}

interface OpenAnswer {
  responseId: string;
  /** The keyset key of a search page that ends here. */
  key: [string, string];
  createdAt: Date;
  language: TextLanguage | null;
  nps: number | null;
  text: string;
}

/** The newest open answers analysed per request: enough for stable themes, bounded in memory and time. */
export const MAX_ANALYSED_RESPONSES = 20_000;

/**
 * What customers wrote: themes, the themes detractors raise more than promoters, sentiment where a
 * lexicon exists, and keyword search, all per language (src/scoring/text/LANGUAGES.md says what
 * each language gets). Open answers are free text, comments given with a score, and transcribed
 * phone recordings.
 */
@Injectable()
export class TextInsightsService {
  constructor(
    private readonly answers: OpenAnswersRepository,
    private readonly campaigns: ScoredCampaignsRepository,
    private readonly corrections: ThemeCorrectionsRepository,
  ) {}

  /**
   * Themes with their impact on NPS, the themes detractors raise more, and sentiment. Each
   * response's themes are found once, with analysts' corrections applied, and every ranking and
   * impact counts those.
   */
  async themes(filter: TextFilter, limit = 20) {
    await this.assertCampaign(filter);
    const { rows, population } = await this.answers.newestWithPopulation(
      this.answersFilter(filter),
      MAX_ANALYSED_RESPONSES,
    );
    const answers = rows.map(toOpenAnswer);
    const corrections = correctionsByResponse(await this.corrections.forResponses(answers.map((a) => a.responseId)));
    const themed = answers.map((a) => ({
      language: a.language,
      nps: a.nps,
      themes: applyCorrections(documentThemes(a, 2), corrections.get(a.responseId) ?? []),
    }));
    const ranked = rankThemes(themed, 2).slice(0, limit);
    const mentions = mentionCounts(themed, ranked);
    const among = (keep: (nps: number) => boolean): ThemedDocument[] =>
      themed.filter((d) => d.nps !== null && keep(d.nps));
    return {
      analysedResponses: answers.length,
      capped: answers.length === MAX_ANALYSED_RESPONSES,
      byLanguage: Object.fromEntries(
        [...TEXT_LANGUAGES, 'other'].map((l) => [l, answers.filter((a) => (a.language ?? 'other') === l).length]),
      ),
      nps: { ...population, score: npsScore(population) },
      themes: ranked.map((t, i) => ({ ...t, impact: roundedImpact(mentions[i], population) })),
      detractorThemes: overrepresentedAmong(
        among((n) => n <= 6),
        among((n) => n >= 9),
        { limit, minZ: 0 },
      ).map((t) => ({ ...t, logOdds: round(t.logOdds, 3), z: round(t.z, 2) })),
      sentiment: this.sentimentSummary(answers),
    };
  }

  /**
   * Responses whose open answers mention the query's words in any inflection the stemmer joins
   * ("jonotus" finds "jonossa"), newest first, a page at a time. Each page reads at most
   * MAX_ANALYSED_RESPONSES answers after the cursor; a page cut short by that cap still carries a
   * cursor, so paging reaches every answer.
   */
  async search(filter: TextFilter, query: string, page: { limit: number; cursor?: KeysetPosition }) {
    await this.assertCampaign(filter);
    const languages = filter.language ? [filter.language] : [...TEXT_LANGUAGES];
    if (languages.every((l) => queryTerms(query, l).length === 0))
      return { query, searched: 0, data: [], nextCursor: null };
    const answers = await this.openAnswers(filter, MAX_ANALYSED_RESPONSES, page.cursor);
    const matches = answers.filter((a) => matchesQuery(a.text, a.language, query));
    const shown = matches.slice(0, page.limit);
    const nextKey =
      matches.length > page.limit
        ? shown[shown.length - 1].key
        : answers.length === MAX_ANALYSED_RESPONSES
          ? answers[answers.length - 1].key
          : null;
    return {
      query,
      searched: answers.length,
      data: shown.map((a) => ({
        responseId: a.responseId,
        createdAt: a.createdAt.toISOString(),
        language: a.language,
        nps: a.nps,
        text: a.text,
      })),
      nextCursor: nextKey ? encodeCursor(nextKey) : null,
    };
  }

  private async assertCampaign(f: TextFilter): Promise<void> {
    if (f.campaignId && !(await this.campaigns.exists(f.workspaceId, f.campaignId)))
      throw unknownFilter('campaignId', 'Campaign');
  }

  private sentimentSummary(answers: OpenAnswer[]) {
    const out: Record<string, unknown> = {};
    for (const language of TEXT_LANGUAGES) {
      const mine = answers.filter((a) => a.language === language);
      if (!hasSentimentLexicon(language)) {
        out[language] = null;
        continue;
      }
      const scores = mine.map((a) => sentimentOf(a.text, language)!).filter(Boolean);
      out[language] = {
        analysed: scores.length,
        positive: scores.filter((s) => s.label === 'positive').length,
        neutral: scores.filter((s) => s.label === 'neutral').length,
        negative: scores.filter((s) => s.label === 'negative').length,
        meanScore: scores.length ? round(scores.reduce((sum, s) => sum + s.score, 0) / scores.length, 3) : null,
      };
    }
    return out;
  }

  private answersFilter(f: TextFilter, after?: KeysetPosition): OpenAnswersFilter {
    return {
      workspaceId: f.workspaceId,
      campaignId: f.campaignId ?? null,
      from: f.from ?? null,
      to: f.to ?? null,
      // Norwegian Bokmål also arrives under the macrolanguage code.
      languages: f.language ? (f.language === 'nb' ? ['nb', 'no'] : [f.language]) : null,
      after,
    };
  }

  private async openAnswers(f: TextFilter, cap: number, after?: KeysetPosition): Promise<OpenAnswer[]> {
    const rows = await this.answers.newest(this.answersFilter(f, after), cap);
    return rows.map(toOpenAnswer);
  }
}

function toOpenAnswer(r: OpenAnswerRow): OpenAnswer {
  return {
    responseId: r.id,
    key: [r.position, r.id],
    createdAt: new Date(r.created_at),
    language: textLanguageOf(r.language),
    nps: r.nps,
    text: r.text,
  };
}

const npsScore = (c: NpsCounts) => (c.n === 0 ? null : round(((c.promoters - c.detractors) / c.n) * 100, 1));
const round1 = (x: number | null) => (x === null ? null : round(x, 1));

/** A theme's impact as the API shows it: NPS points to one decimal, the p-value to three figures. */
function roundedImpact(mentioning: NpsCounts, population: NpsCounts) {
  const r = themeImpact(mentioning, population);
  return {
    mentioning: { n: r.mentioning.n, score: round1(r.mentioning.score) },
    without: { n: r.without.n, score: round1(r.without.score) },
    impact: round1(r.impact),
    interval: r.interval ? { low: round(r.interval.low, 1), high: round(r.interval.high, 1) } : null,
    pValue: r.pValue === null ? null : Number(r.pValue.toPrecision(3)),
    significant: r.significant,
    reason: r.reason,
  };
}
