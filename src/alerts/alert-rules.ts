import { z } from 'zod';

import { TEXT_LANGUAGES, textLanguageOf } from '../scoring/text/text-language';
import { type AnswerValue, isScaleType, type QuestionType, SCALE_RANGES } from '../surveys/survey-definition';
import { type AlertKeyword, hasKeywordWords, mentionsKeyword } from './keyword-match';
import { alertRoutingSchema } from './routing';

type ScaleType = 'nps' | 'csat' | 'ces';

/** Inclusive score range that raises an alert, e.g. NPS `{ min: 0, max: 6 }`. */
export interface ScoreRange {
  min: number;
  max: number;
}

/**
 * The unhappy end of each scale, from the CX guides: NPS detractors, CSAT 1–2 (contact them
 * directly), CES 1–3 (this project's CES runs 1 "very difficult" … 7 "very easy").
 */
export const DEFAULT_SCORE_RANGES: Record<ScaleType, ScoreRange> = {
  nps: { min: 0, max: 6 },
  csat: { min: 1, max: 2 },
  ces: { min: 1, max: 3 },
};

const rangeWithin = (bounds: { min: number; max: number }, what: string) =>
  z
    .object({
      min: z
        .number()
        .int(`${what} min must be a whole number`)
        .min(bounds.min, `${what} min cannot be below ${bounds.min}`)
        .max(bounds.max, `${what} min cannot exceed ${bounds.max}`),
      max: z
        .number()
        .int(`${what} max must be a whole number`)
        .min(bounds.min, `${what} max cannot be below ${bounds.min}`)
        .max(bounds.max, `${what} max cannot exceed ${bounds.max}`),
    })
    .strict()
    .refine((r) => r.min <= r.max, { message: `${what} min must not exceed max`, path: ['max'] });

// A question's type is only known from its survey; alertRuleProblems checks it against the scale.
const ANY_SCALE = { min: 0, max: 10 };

// A plain string is shorthand for a keyword in every language; preprocessing (not a union) keeps
// error paths pointing at the bad field.
const keywordSchema = z.preprocess(
  (k) => (typeof k === 'string' ? { text: k } : k),
  z
    .object({
      text: z
        .string()
        .trim()
        .max(100, 'A keyword cannot exceed 100 characters')
        .refine(hasKeywordWords, 'A keyword needs a word of two or more letters (digits and links are not searched)'),
      language: z.enum(TEXT_LANGUAGES).optional(),
    })
    .strict(),
) as z.ZodType<AlertKeyword, string | AlertKeyword>;

/**
 * A campaign's alert rules. Every field has a default, so `{}` gives the CX-guide defaults.
 * `null` for a type or a question turns its score alerts off.
 */
export const alertRulesSchema = z
  .object({
    /** Off: no alert from this campaign at all. */
    enabled: z.boolean().default(true),
    /** Score ranges per question type; `null` for no score alerts of that type. */
    scores: z
      .object({
        nps: rangeWithin(SCALE_RANGES.nps, 'NPS').nullable().default(DEFAULT_SCORE_RANGES.nps),
        csat: rangeWithin(SCALE_RANGES.csat, 'CSAT').nullable().default(DEFAULT_SCORE_RANGES.csat),
        ces: rangeWithin(SCALE_RANGES.ces, 'CES').nullable().default(DEFAULT_SCORE_RANGES.ces),
      })
      .strict()
      // A fresh copy each time: zod copies defaults one level deep, and rules are plain data callers may edit.
      .default(() => structuredClone(DEFAULT_SCORE_RANGES)),
    /** Per question id, overriding its type's range; `null` for no score alert from that question. */
    questions: z.record(z.string().min(1).max(100), rangeWithin(ANY_SCALE, 'Question').nullable()).default({}),
    /** Words or phrases in any comment that raise an alert whatever the score. */
    keywords: z.array(keywordSchema).max(200, 'At most 200 keywords').default([]),
    /** Who owns the alerts; absent: the campaign's default owner, decided by the caller. */
    routing: alertRoutingSchema.optional(),
  })
  .strict();

export type AlertRules = z.output<typeof alertRulesSchema>;
export type AlertRulesInput = z.input<typeof alertRulesSchema>;

/** One answer of a response as the rules see it. */
export interface AlertAnswer {
  questionId: string;
  type: QuestionType;
  /** Scores count only as finite integers; text answers are searched for keywords. */
  value: AnswerValue | null;
  /** A free-text comment attached to the answer, if the channel collected one. */
  comment?: string | null;
}

export interface AlertResponse {
  answers: AlertAnswer[];
  /** The response locale (`fi-FI`), mapped to an analysis language with textLanguageOf. */
  language: string | null;
  /** The event's properties; the rules ignore them, routing reads them. */
  properties?: Record<string, unknown>;
}

/** Why a response raised an alert, as data; `reason` is the same as readable text. */
export type AlertMatch =
  | {
      kind: 'score';
      questionId: string;
      type: ScaleType;
      value: number;
      range: ScoreRange;
      perQuestion: boolean;
      reason: string;
    }
  | { kind: 'keyword'; keyword: string; questionIds: string[]; reason: string };

export interface AlertEvaluation {
  matched: boolean;
  /** e.g. `NPS 3 (0–6)`, `comment mentions "lopetan"`. */
  reasons: string[];
  matches: AlertMatch[];
}

const LABEL: Record<ScaleType, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

const formatRange = (r: ScoreRange) => (r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`);

/**
 * Whether a response raises an alert under a campaign's rules, and why. Every scale answer is
 * checked against its question's range (or its type's), and every comment and text answer
 * against every keyword; each keyword is reported once however many comments mention it.
 */
export function evaluateAlertRules(response: AlertResponse, rules: AlertRules): AlertEvaluation {
  if (!rules.enabled) return { matched: false, reasons: [], matches: [] };
  const matches: AlertMatch[] = [...scoreMatches(response, rules), ...keywordMatches(response, rules)];
  return { matched: matches.length > 0, reasons: matches.map((m) => m.reason), matches };
}

function scoreMatches(response: AlertResponse, rules: AlertRules): AlertMatch[] {
  const out: AlertMatch[] = [];
  for (const a of response.answers) {
    if (!isScaleType(a.type) || typeof a.value !== 'number' || !Number.isInteger(a.value)) continue;
    const perQuestion = Object.prototype.hasOwnProperty.call(rules.questions, a.questionId);
    const range = perQuestion ? rules.questions[a.questionId] : rules.scores[a.type];
    if (!range || a.value < range.min || a.value > range.max) continue;
    const where = perQuestion ? ` on ${JSON.stringify(a.questionId)}` : '';
    out.push({
      kind: 'score',
      questionId: a.questionId,
      type: a.type,
      value: a.value,
      range,
      perQuestion,
      reason: `${LABEL[a.type]} ${a.value}${where} (${formatRange(range)})`,
    });
  }
  return out;
}

function keywordMatches(response: AlertResponse, rules: AlertRules): AlertMatch[] {
  if (rules.keywords.length === 0) return [];
  const language = textLanguageOf(response.language);
  const texts = commentsOf(response);
  const out: AlertMatch[] = [];
  const seen = new Set<string>();
  for (const keyword of rules.keywords) {
    const key = `${keyword.language ?? ''}:${keyword.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    const questionIds = texts.filter((t) => mentionsKeyword(t.text, language, keyword)).map((t) => t.questionId);
    if (questionIds.length === 0) continue;
    seen.add(key);
    out.push({
      kind: 'keyword',
      keyword: keyword.text,
      questionIds: [...new Set(questionIds)],
      reason: `comment mentions ${JSON.stringify(keyword.text)}`,
    });
  }
  return out;
}

function commentsOf(response: AlertResponse): Array<{ questionId: string; text: string }> {
  const out: Array<{ questionId: string; text: string }> = [];
  for (const a of response.answers) {
    if (a.type === 'text' && typeof a.value === 'string' && a.value.trim())
      out.push({ questionId: a.questionId, text: a.value });
    if (a.comment?.trim()) out.push({ questionId: a.questionId, text: a.comment });
  }
  return out;
}

/** A survey question as alertRuleProblems needs it. */
export interface RuleQuestion {
  id: string;
  type: QuestionType;
}

/**
 * Per-question ranges that cannot work with the campaign's survey: unknown ids, questions that
 * are not NPS/CSAT/CES, ranges outside the question's scale. For a 422 when rules are saved.
 */
export function alertRuleProblems(
  rules: AlertRules,
  questions: RuleQuestion[],
): Array<{ path: string; message: string }> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const problems: Array<{ path: string; message: string }> = [];
  for (const [id, range] of Object.entries(rules.questions)) {
    const path = `questions.${id}`;
    const q = byId.get(id);
    if (!q) problems.push({ path, message: `The survey has no question ${JSON.stringify(id)}` });
    else if (!isScaleType(q.type))
      problems.push({ path, message: `Question ${JSON.stringify(id)} is ${q.type}, not an NPS, CSAT or CES question` });
    else if (range) {
      const scale = SCALE_RANGES[q.type];
      if (range.min < scale.min || range.max > scale.max) {
        problems.push({
          path,
          message: `Question ${JSON.stringify(id)} is ${LABEL[q.type]} (${scale.min}–${scale.max}); ${formatRange(range)} is outside it`,
        });
      }
    }
  }
  return problems;
}
