/**
 * The shape of a survey as its author defines it. Stored as JSON on an immutable
 * survey version, so responses always point at the exact questions a customer saw.
 */

import type { LocalizedText } from '../i18n/locale';

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'yes_no', 'single_choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Scale questions whose answer is an integer inside a fixed range. */
export const SCALE_RANGES: Record<'nps' | 'csat' | 'ces', { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

/** Shows a question only when an earlier answer satisfies every operator given. */
export interface Condition {
  question: string;
  lte?: number;
  gte?: number;
  eq?: string | number;
  in?: Array<string | number>;
}

export interface Choice {
  id: string;
  label: LocalizedText;
}

export interface Question {
  /** Author-chosen id (`q1`, `why`) used by conditions, answers and exports. */
  id: string;
  type: QuestionType;
  text: LocalizedText;
  /** Defaults: true for scale, yes/no and choice questions, false for free text. */
  required?: boolean;
  /** Only for `single_choice`. */
  choices?: Choice[];
  showIf?: Condition;
}

export interface SurveyDefinition {
  defaultLocale: string;
  questions: Question[];
}

/** A stored answer: a score, a choice id (`yes`/`no` for yes_no), or free text. */
export type AnswerValue = number | string;

export type Answers = Record<string, AnswerValue>;

export function isScaleType(type: QuestionType): type is 'nps' | 'csat' | 'ces' {
  return type === 'nps' || type === 'csat' || type === 'ces';
}

export function isRequired(question: Question): boolean {
  return question.required ?? question.type !== 'text';
}
