import { type AnswerValue, isScaleType, type Question, SCALE_RANGES } from '../surveys/survey-definition';
import { parseSmsReply } from './sms-reply.parser';

/**
 * What one `<Gather input="dtmf speech">` result means for the question it answers.
 * `no_input`: nothing was pressed or said (or only the finish key): re-prompt.
 * `out_of_range`: a number that is not an option ("99" on 0–10, "3" for yes/no): re-prompt with the range.
 * `no_answer`: input that cannot be read as an answer at all ("*", unrecognised speech, a
 * free-text question, which is answered with `<Record>`, not keys): re-prompt.
 * Never clamps or guesses: an invalid result must not become a recorded score.
 */
export type KeypadAnswer =
  | { kind: 'answer'; value: AnswerValue; comment?: string }
  | { kind: 'invalid'; reason: 'no_input' | 'out_of_range' | 'no_answer' };

/** Twilio's `Digits` and `SpeechResult` webhook parameters. */
export interface GatherInput {
  digits?: string;
  speech?: string;
}

const NO_INPUT: KeypadAnswer = { kind: 'invalid', reason: 'no_input' };
const NO_ANSWER: KeypadAnswer = { kind: 'invalid', reason: 'no_answer' };
const OUT_OF_RANGE: KeypadAnswer = { kind: 'invalid', reason: 'out_of_range' };

/** Twilio leaves the finish key out of `Digits`; strip a trailing # anyway in case a caller forwards it. */
function cleanDigits(digits: string | undefined): string {
  return (digits ?? '').replace(/\s+/g, '').replace(/#+$/, '');
}

function fromDigits(digits: string, question: Pick<Question, 'type' | 'choices'>): KeypadAnswer {
  // "*", "1*2", "#5": keys that are not a number; nothing to score.
  if (!/^[0-9]+$/.test(digits)) return NO_ANSWER;
  const n = Number(digits); // leading zeros are fine: "07" is 7
  const { type } = question;
  if (isScaleType(type)) {
    const { min, max } = SCALE_RANGES[type];
    return n >= min && n <= max ? { kind: 'answer', value: n } : OUT_OF_RANGE;
  }
  switch (type) {
    case 'yes_no':
      return n === 1 ? { kind: 'answer', value: 'yes' } : n === 2 ? { kind: 'answer', value: 'no' } : OUT_OF_RANGE;
    case 'single_choice': {
      const choices = question.choices ?? [];
      return n >= 1 && n <= choices.length ? { kind: 'answer', value: choices[n - 1].id } : OUT_OF_RANGE;
    }
    case 'text':
      return NO_ANSWER;
  }
}

/**
 * Reads a Gather result as the answer to `question`.
 * Digits win when both are present. Digits: scales an integer within SCALE_RANGES ("10", "7",
 * "07"); yes/no 1 = yes, 2 = no; single choice n = the n-th choice id. Speech goes through
 * `parseSmsReply`, the same understanding as an SMS reply ("nine, great service" is 9 with a
 * comment; "kyllä" is yes). `locale` is passed on to it (Finnish "en"). Free-text questions are
 * answered with `<Record>`, so a Gather result for one is `no_answer`.
 */
export function parseKeypadAnswer(
  input: GatherInput,
  question: Pick<Question, 'type' | 'choices'>,
  locale?: string,
): KeypadAnswer {
  const digits = cleanDigits(input.digits);
  const speech = (input.speech ?? '').trim();
  if (digits === '' && speech === '') return NO_INPUT;
  if (question.type === 'text') return NO_ANSWER;
  if (digits !== '') return fromDigits(digits, question);
  return parseSmsReply(speech, question, locale);
}
