import type { Choice, Question, QuestionType } from '../surveys/survey-definition';
import { type GatherInput, type KeypadAnswer, parseKeypadAnswer } from './keypad-answer';
import { parseSmsReply } from './sms-reply.parser';

const CHOICES: Choice[] = [
  { id: 'price', label: { en: 'Price', fi: 'Hinta' } },
  { id: 'quality', label: { en: 'Quality', fi: 'Laatu' } },
  { id: 'service', label: { en: 'Service', fi: 'Palvelu' } },
];
const Q: Record<QuestionType, Pick<Question, 'type' | 'choices'>> = {
  nps: { type: 'nps' },
  csat: { type: 'csat' },
  ces: { type: 'ces' },
  yes_no: { type: 'yes_no' },
  single_choice: { type: 'single_choice', choices: CHOICES },
  text: { type: 'text' },
};

const answer = (value: string | number, comment?: string): KeypadAnswer =>
  comment === undefined ? { kind: 'answer', value } : { kind: 'answer', value, comment };
const NO_INPUT: KeypadAnswer = { kind: 'invalid', reason: 'no_input' };
const NO_ANSWER: KeypadAnswer = { kind: 'invalid', reason: 'no_answer' };
const OUT: KeypadAnswer = { kind: 'invalid', reason: 'out_of_range' };

type Case = [string, QuestionType, GatherInput, KeypadAnswer, string?];

const CASES: Case[] = [
  // NPS digits: two digits, a single digit submitted on timeout, leading zeros.
  ['nps "10"', 'nps', { digits: '10' }, answer(10)],
  ['nps "7" (single digit, then timeout)', 'nps', { digits: '7' }, answer(7)],
  ['nps "0"', 'nps', { digits: '0' }, answer(0)],
  ['nps "00"', 'nps', { digits: '00' }, answer(0)],
  ['nps "07"', 'nps', { digits: '07' }, answer(7)],
  ['nps "9"', 'nps', { digits: '9' }, answer(9)],
  ['nps "11"', 'nps', { digits: '11' }, OUT],
  ['nps "99"', 'nps', { digits: '99' }, OUT],
  ['nps "100"', 'nps', { digits: '100' }, OUT],
  ['nps "*"', 'nps', { digits: '*' }, NO_ANSWER],
  ['nps "1*"', 'nps', { digits: '1*' }, NO_ANSWER],
  ['nps "*5"', 'nps', { digits: '*5' }, NO_ANSWER],
  ['nps "" (nothing)', 'nps', { digits: '' }, NO_INPUT],
  ['nps "#" only (finish key, no digits)', 'nps', { digits: '#' }, NO_INPUT],
  ['nps "8#" (finish key forwarded)', 'nps', { digits: '8#' }, answer(8)],
  ['nps " 6 " (whitespace)', 'nps', { digits: ' 6 ' }, answer(6)],
  ['nps nothing at all', 'nps', {}, NO_INPUT],
  ['nps blank digits and speech', 'nps', { digits: '  ', speech: '  ' }, NO_INPUT],
  // CSAT / CES digits.
  ['csat "5"', 'csat', { digits: '5' }, answer(5)],
  ['csat "1"', 'csat', { digits: '1' }, answer(1)],
  ['csat "0"', 'csat', { digits: '0' }, OUT],
  ['csat "6"', 'csat', { digits: '6' }, OUT],
  ['ces "7"', 'ces', { digits: '7' }, answer(7)],
  ['ces "8"', 'ces', { digits: '8' }, OUT],
  ['ces "0"', 'ces', { digits: '0' }, OUT],
  // Yes/no keys.
  ['yes_no "1"', 'yes_no', { digits: '1' }, answer('yes')],
  ['yes_no "2"', 'yes_no', { digits: '2' }, answer('no')],
  ['yes_no "3"', 'yes_no', { digits: '3' }, OUT],
  ['yes_no "0"', 'yes_no', { digits: '0' }, OUT],
  ['yes_no "*"', 'yes_no', { digits: '*' }, NO_ANSWER],
  // Single choice keys.
  ['choice "1"', 'single_choice', { digits: '1' }, answer('price')],
  ['choice "3"', 'single_choice', { digits: '3' }, answer('service')],
  ['choice "4"', 'single_choice', { digits: '4' }, OUT],
  ['choice "0"', 'single_choice', { digits: '0' }, OUT],
  // Digits win over speech.
  ['nps digits and speech', 'nps', { digits: '3', speech: 'ten' }, answer(3)],
  // Speech: same understanding as SMS.
  ['nps speech "10."', 'nps', { speech: '10.' }, answer(10)],
  ['nps speech "Ten."', 'nps', { speech: 'Ten.' }, answer(10)],
  ['nps speech fi "kymmenen"', 'nps', { speech: 'kymmenen' }, answer(10), 'fi-FI'],
  ['nps speech sv "åtta"', 'nps', { speech: 'Åtta.' }, answer(8), 'sv-SE'],
  ['nps speech with comment', 'nps', { speech: 'Nine, great service' }, answer(9, 'great service')],
  ['nps speech "eleven"-like 11', 'nps', { speech: '11' }, OUT],
  ['nps speech "7.5"', 'nps', { speech: '7.5' }, OUT],
  ['nps speech without a number', 'nps', { speech: 'I am not sure' }, NO_ANSWER],
  ['csat speech "4 out of 5"', 'csat', { speech: '4 out of 5' }, answer(4)],
  ['yes_no speech "Yes."', 'yes_no', { speech: 'Yes.' }, answer('yes')],
  ['yes_no speech fi "Kyllä."', 'yes_no', { speech: 'Kyllä.' }, answer('yes'), 'fi-FI'],
  ['yes_no speech fi "Ei."', 'yes_no', { speech: 'Ei.' }, answer('no'), 'fi-FI'],
  ['yes_no speech sv "Nej"', 'yes_no', { speech: 'Nej' }, answer('no'), 'sv-SE'],
  ['yes_no speech nb "Ja"', 'yes_no', { speech: 'Ja' }, answer('yes'), 'nb-NO'],
  ['yes_no speech fi "en" is no', 'yes_no', { speech: 'en' }, answer('no'), 'fi-FI'],
  ['yes_no speech "maybe"', 'yes_no', { speech: 'maybe' }, NO_ANSWER],
  ['choice speech label', 'single_choice', { speech: 'Quality' }, answer('quality')],
  ['choice speech fi label', 'single_choice', { speech: 'Hinta' }, answer('price'), 'fi-FI'],
  ['choice speech "two"', 'single_choice', { speech: 'two' }, answer('quality')],
  ['choice speech "five"', 'single_choice', { speech: 'five' }, OUT],
  // Free text is answered with <Record>, never by keys.
  ['text digits', 'text', { digits: '5' }, NO_ANSWER],
  ['text speech', 'text', { speech: 'Great service' }, NO_ANSWER],
  ['text nothing', 'text', {}, NO_INPUT],
];

describe('parseKeypadAnswer', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  // Rest parameter: rows without a locale must not make jest read a 5th parameter as `done`.
  it.each(CASES)('%s', (...row: Case) => {
    const [, type, input, expected, locale] = row;
    expect(parseKeypadAnswer(input, Q[type], locale)).toEqual(expected);
  });

  it('never answers out of range for any two-key NPS entry', () => {
    for (let n = 0; n <= 99; n++) {
      for (const digits of [String(n), String(n).padStart(2, '0')]) {
        const result = parseKeypadAnswer({ digits }, Q.nps);
        if (n <= 10) expect(result).toEqual(answer(n));
        else expect(result).toEqual(OUT);
      }
    }
  });

  it('reads speech exactly as the SMS reply parser does', () => {
    const samples: Array<[QuestionType, string, string?]> = [
      ['nps', 'I would say eight out of ten'],
      ['nps', 'yhdeksän, nopea palvelu', 'fi'],
      ['ces', 'fem', 'sv'],
      ['yes_no', 'joo kiitos', 'fi'],
      ['single_choice', 'Service, they were kind'],
    ];
    for (const [type, speech, locale] of samples) {
      expect(parseKeypadAnswer({ speech }, Q[type], locale)).toEqual(parseSmsReply(speech, Q[type], locale));
    }
  });

  it('a choice question without choices has no valid key', () => {
    expect(parseKeypadAnswer({ digits: '1' }, { type: 'single_choice' })).toEqual(OUT);
  });
});
