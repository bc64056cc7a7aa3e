import { AnswerError, parseAnswer } from '../surveys/answer-parsing';
import { visibleQuestions } from '../surveys/conditions';
import { Answers, isRequired, Question } from '../surveys/survey-definition';

export interface SubmissionOutcome {
  /** Valid answers to store now, even when others on the page are wrong: nothing given is lost. */
  toSave: Array<{ question: Question; value: Answers[string] }>;
  /** Per question id: what is wrong with it. */
  errors: Record<string, AnswerError>;
  /** Raw values to show again for fields that failed validation. */
  rawValues: Record<string, string>;
  /** Answered earlier but no longer shown (the answer they depended on changed): drop them. */
  hiddenAnswered: string[];
  /** The answers after this submission. */
  answers: Answers;
  /** True when nothing is wrong and every shown question has had its chance: the response is complete. */
  complete: boolean;
}

/**
 * Applies one form post to the stored answers. Pure, so the page's rules can be tested without HTTP:
 * questions the person did not see yet (a follow-up that a new low score revealed) are shown
 * next instead of completing the response behind their back.
 */
export function applySubmission(
  questions: Question[],
  stored: Answers,
  form: Record<string, unknown>,
  shownIds: string[],
): SubmissionOutcome {
  const answers: Answers = { ...stored };
  const errors: Record<string, AnswerError> = {};
  const rawValues: Record<string, string> = {};
  const toSave: SubmissionOutcome['toSave'] = [];
  const shown = new Set(shownIds);

  // Walk in order so a follow-up's visibility uses the answer just given above it.
  for (const question of questions) {
    if (!visibleQuestions(questions, answers).some((q) => q.id === question.id)) continue;
    const raw = form[question.id];
    const blank = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    if (blank) {
      if (shown.has(question.id) && isRequired(question) && answers[question.id] === undefined)
        errors[question.id] = 'required';
      if (shown.has(question.id) && !isRequired(question) && answers[question.id] !== undefined && raw !== undefined) {
        delete answers[question.id]; // an optional text cleared on purpose
      }
      continue;
    }
    const parsed = parseAnswer(question, raw);
    if (parsed.ok) {
      answers[question.id] = parsed.value;
      toSave.push({ question, value: parsed.value });
    } else {
      errors[question.id] = parsed.error;
      rawValues[question.id] = String(raw);
    }
  }

  const visible = visibleQuestions(questions, answers);
  const visibleIds = new Set(visible.map((q) => q.id));
  const hiddenAnswered = Object.keys(answers).filter((id) => !visibleIds.has(id));
  for (const id of hiddenAnswered) delete answers[id];
  const unseen = visible.some((q) => !shown.has(q.id));
  const missingRequired = visible.some((q) => isRequired(q) && answers[q.id] === undefined);
  const complete = Object.keys(errors).length === 0 && !unseen && !missingRequired;
  return { toSave, errors, rawValues, hiddenAnswered, answers, complete };
}
