import { type AnswerValue, isScaleType, type Question, SCALE_RANGES } from './survey-definition';

/** Longest free-text answer kept, in characters (code points, not UTF-16 units). */
export const TEXT_MAX_LENGTH = 5000;

export type AnswerError = 'required' | 'out_of_range' | 'not_a_number' | 'unknown_choice' | 'too_long';

export type ParsedAnswer = { ok: true; value: AnswerValue } | { ok: false; error: AnswerError };

const fail = (error: AnswerError): ParsedAnswer => ({ ok: false, error });
const INTEGER = /^[+-]?\d+$/;

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function parseScale(range: { min: number; max: number }, raw: unknown): ParsedAnswer {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && INTEGER.test(raw.trim())) n = Number(raw.trim());
  else return fail('not_a_number');
  // 7.5 and NaN are not answers on an integer scale, however close they are.
  if (!Number.isInteger(n)) return fail('not_a_number');
  return n < range.min || n > range.max ? fail('out_of_range') : { ok: true, value: n };
}

function parseText(raw: unknown): ParsedAnswer {
  // JSON clients may send a bare number as free text; anything else carries no text.
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail('required');
  const text = String(raw).trim();
  if (text === '') return fail('required');
  // Code points can't exceed UTF-16 length, so the exact count is only needed past the limit.
  if (text.length > TEXT_MAX_LENGTH && [...text].length > TEXT_MAX_LENGTH) return fail('too_long');
  return { ok: true, value: text };
}

/**
 * Turns a raw form/JSON value into a stored answer for `question`, or says why it can't.
 * Blank input is always `required`; callers use `isRequired` to decide whether that matters.
 */
export function parseAnswer(question: Question, raw: unknown): ParsedAnswer {
  if (isBlank(raw)) return fail('required');
  if (isScaleType(question.type)) return parseScale(SCALE_RANGES[question.type], raw);
  switch (question.type) {
    case 'yes_no': {
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      return v === 'yes' || v === 'no' ? { ok: true, value: v } : fail('unknown_choice');
    }
    case 'single_choice': {
      const id = typeof raw === 'string' ? raw.trim() : undefined;
      const choice = question.choices?.find((c) => c.id === id);
      return choice ? { ok: true, value: choice.id } : fail('unknown_choice');
    }
    case 'text':
      return parseText(raw);
  }
}
