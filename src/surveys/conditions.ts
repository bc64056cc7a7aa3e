import { type Answers, type AnswerValue, type Condition, isScaleType, type Question } from './survey-definition';

/** A problem in a survey definition, located by a dotted path such as `questions.2.showIf.question`. */
export interface DefinitionError {
  path: string;
  message: string;
}

// Answers are stored as numbers (scales) or strings (choices, text); authors write
// `eq: 9` or `eq: "9"` interchangeably, so equality is by string form.
function sameValue(answer: AnswerValue, expected: string | number): boolean {
  return String(answer) === String(expected);
}

/**
 * True when the referenced question has an answer and every operator present on the
 * condition holds. `lte`/`gte` only ever match numeric answers.
 */
export function isConditionMet(condition: Condition, answers: Answers): boolean {
  if (!Object.prototype.hasOwnProperty.call(answers, condition.question)) return false;
  const answer = answers[condition.question];
  if (answer === undefined || answer === null) return false;
  const num = typeof answer === 'number' && Number.isFinite(answer) ? answer : undefined;
  if (condition.lte !== undefined && !(num !== undefined && num <= condition.lte)) return false;
  if (condition.gte !== undefined && !(num !== undefined && num >= condition.gte)) return false;
  if (condition.eq !== undefined && !sameValue(answer, condition.eq)) return false;
  if (condition.in !== undefined && !condition.in.some((v) => sameValue(answer, v))) return false;
  return true;
}

/**
 * The questions a respondent sees given the answers so far, in order. A conditional
 * question is shown only if its condition holds and the question it depends on is itself
 * shown, so a stale answer to a hidden question cannot reveal follow-ups.
 */
export function visibleQuestions(questions: Question[], answers: Answers): Question[] {
  const visible = new Set<string>();
  // One forward pass suffices because conditions may only reference earlier questions;
  // a forward reference finds nothing in `visible` and stays hidden.
  return questions.filter((q) => {
    const shown = !q.showIf || (visible.has(q.showIf.question) && isConditionMet(q.showIf, answers));
    if (shown) visible.add(q.id);
    return shown;
  });
}

/**
 * Checks every `showIf` points at a question that appears earlier in the list, and that
 * `lte`/`gte` are only used against scale questions. Returns an empty list when valid.
 */
export function validateConditionRefs(questions: Question[]): DefinitionError[] {
  const errors: DefinitionError[] = [];
  questions.forEach((q, i) => {
    if (!q.showIf) return;
    const base = `questions.${i}.showIf`;
    const ref = q.showIf.question;
    const refIndex = questions.findIndex((other) => other.id === ref);
    if (refIndex === -1) {
      errors.push({ path: `${base}.question`, message: `references unknown question "${ref}"` });
      return;
    }
    if (refIndex >= i) {
      errors.push({
        path: `${base}.question`,
        message: `must reference a question that comes before "${q.id}", but "${ref}" does not`,
      });
    }
    const refType = questions[refIndex].type;
    for (const op of ['lte', 'gte'] as const) {
      if (q.showIf[op] !== undefined && !isScaleType(refType)) {
        errors.push({
          path: `${base}.${op}`,
          message: `"${op}" needs a scale question (nps, csat, ces), but "${ref}" is ${refType}`,
        });
      }
    }
  });
  return errors;
}
