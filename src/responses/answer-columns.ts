import { AnswerValue, isScaleType, QuestionType } from '../surveys/survey-definition';

/** One answer as the answers table stores it. */
export interface AnswerColumns {
  questionId: string;
  questionType: QuestionType;
  valueNum: number | null;
  valueText: string | null;
}

/**
 * A number given on a scale is stored in value_num, with the words said beside it (`comment`) in
 * value_text, so scores count the number and the text stays readable; any other answer is text.
 */
export function answerColumns(a: {
  questionId: string;
  questionType: QuestionType;
  value: AnswerValue;
  comment?: string;
}): AnswerColumns {
  const { questionId, questionType, value } = a;
  if (isScaleType(questionType) && typeof value === 'number') {
    return { questionId, questionType, valueNum: value, valueText: a.comment ?? null };
  }
  return { questionId, questionType, valueNum: null, valueText: String(value) };
}
