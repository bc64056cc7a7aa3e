import { z } from 'zod';

import { pageSchema } from '../common/pagination';
import { TEXT_LANGUAGES } from './text/text-language';

/** What GET /v1/text/themes and /v1/text/search answer (TextInsightsService), for the OpenAPI document. */
const count = z.number().int().min(0);
const language = z.enum(TEXT_LANGUAGES).nullable().describe('The analysis language; null when we have none for it.');

const theme = {
  language,
  key: z.string().describe('Stems sorted and joined by a space: stable across word order and inflection.'),
  words: count.describe('1 for a keyword, 2 for a pair.'),
  label: z.string().describe('The way responses wrote it most often.'),
};

const npsOf = z.object({ n: count, score: z.number().nullable() });

/** What a theme does to NPS: the score with and without the responses mentioning it, and the difference's test. */
const impact = z.object({
  mentioning: npsOf,
  without: npsOf,
  impact: z.number().nullable().describe('NPS of all scored responses minus NPS without the theme, in points.'),
  interval: z.object({ low: z.number(), high: z.number() }).nullable().describe('95% interval of `impact`.'),
  pValue: z.number().nullable(),
  significant: z.boolean().nullable(),
  reason: z.string().nullable().describe('Why there is no test, when there is none.'),
});

export const textThemesSchema = z.object({
  analysedResponses: count.describe('Open answers read, newest first, at most 20 000.'),
  capped: z.boolean().describe('True when the cap was reached: older answers were not read.'),
  byLanguage: z.record(z.string(), count).describe('Answers read per language (en, fi, sv, nb, other).'),
  nps: z
    .object({ n: count, promoters: count, detractors: count, score: z.number().nullable() })
    .describe('NPS over the scored responses the themes were read from: the base of each impact.'),
  themes: z.array(z.object({ ...theme, documents: count.describe('Responses that mention it.'), impact })),
  detractorThemes: z
    .array(
      z.object({
        ...theme,
        detractors: count,
        detractorResponses: count,
        promoters: count,
        promoterResponses: count,
        logOdds: z.number().describe('> 0: detractors mention it more than promoters.'),
        z: z.number().describe('logOdds over its standard error: the ranking key.'),
      }),
    )
    .describe('Themes detractors (NPS 0–6) raise more than promoters (9–10), strongest first.'),
  sentiment: z
    .record(
      z.string(),
      z
        .object({
          analysed: count,
          positive: count,
          neutral: count,
          negative: count,
          meanScore: z.number().nullable().describe('−1 … 1.'),
        })
        .nullable(),
    )
    .describe('Per language; null for a language without a sentiment lexicon.'),
});

export const textSearchSchema = pageSchema(
  z.object({
    responseId: z.string().uuid(),
    createdAt: z.string(),
    language,
    nps: z.number().int().nullable().describe("The response's NPS answer, if it has one."),
    text: z.string().describe('The open answer that matched.'),
  }),
).extend({
  query: z.string(),
  searched: count.describe('Open answers read for this page (at most 20 000 after the cursor).'),
});
