import { parseAnswer, type ParsedAnswer, TEXT_MAX_LENGTH } from './answer-parsing';
import type { Question, QuestionType } from './survey-definition';

const q = (type: QuestionType, extra: Partial<Question> = {}): Question => ({
  id: 'q',
  type,
  text: { en: 'Q' },
  ...extra,
});
const ok = (value: number | string): ParsedAnswer => ({ ok: true, value });
const err = (error: string): ParsedAnswer => ({ ok: false, error }) as ParsedAnswer;

describe('parseAnswer: scales', () => {
  it.each<[QuestionType, unknown, ParsedAnswer]>([
    ['nps', '7', ok(7)],
    ['nps', 7, ok(7)],
    ['nps', ' 7 ', ok(7)],
    ['nps', '0', ok(0)],
    ['nps', 0, ok(0)],
    ['nps', '10', ok(10)],
    ['nps', '+9', ok(9)],
    ['nps', '07', ok(7)],
    ['nps', 7.0, ok(7)],
    ['nps', '7.5', err('not_a_number')],
    ['nps', 7.5, err('not_a_number')],
    ['nps', '7.0', err('not_a_number')],
    ['nps', 'abc', err('not_a_number')],
    ['nps', '7a', err('not_a_number')],
    ['nps', '1e1', err('not_a_number')],
    ['nps', Number.NaN, err('not_a_number')],
    ['nps', Infinity, err('not_a_number')],
    ['nps', true, err('not_a_number')],
    ['nps', ['7'], err('not_a_number')],
    ['nps', { v: 7 }, err('not_a_number')],
    ['nps', '15', err('out_of_range')],
    ['nps', 11, err('out_of_range')],
    ['nps', '-1', err('out_of_range')],
    ['nps', '99999999999999999999999', err('out_of_range')],
    ['nps', '', err('required')],
    ['nps', '   ', err('required')],
    ['nps', undefined, err('required')],
    ['nps', null, err('required')],
    ['csat', '1', ok(1)],
    ['csat', 5, ok(5)],
    ['csat', '0', err('out_of_range')],
    ['csat', 6, err('out_of_range')],
    ['ces', '1', ok(1)],
    ['ces', 7, ok(7)],
    ['ces', '8', err('out_of_range')],
    ['ces', 0, err('out_of_range')],
  ])('%s %p', (type, raw, expected) => {
    expect(parseAnswer(q(type), raw)).toEqual(expected);
  });
});

describe('parseAnswer: yes_no', () => {
  it.each<[unknown, ParsedAnswer]>([
    ['yes', ok('yes')],
    ['no', ok('no')],
    ['YES', ok('yes')],
    [' No ', ok('no')],
    ['y', err('unknown_choice')],
    ['maybe', err('unknown_choice')],
    [true, err('unknown_choice')],
    [1, err('unknown_choice')],
    ['', err('required')],
    [undefined, err('required')],
  ])('%p', (raw, expected) => {
    expect(parseAnswer(q('yes_no'), raw)).toEqual(expected);
  });
});

describe('parseAnswer: single_choice', () => {
  const question = q('single_choice', {
    choices: [
      { id: 'price', label: { en: 'Price' } },
      { id: 'speed', label: { en: 'Speed' } },
      { id: '3', label: { en: 'Three' } },
    ],
  });

  it.each<[unknown, ParsedAnswer]>([
    ['price', ok('price')],
    [' speed ', ok('speed')],
    ['3', ok('3')],
    ['Price', err('unknown_choice')],
    ['other', err('unknown_choice')],
    [3, err('unknown_choice')],
    [['price'], err('unknown_choice')],
    ['', err('required')],
    [null, err('required')],
  ])('%p', (raw, expected) => {
    expect(parseAnswer(question, raw)).toEqual(expected);
  });

  it('rejects everything when the question has no choices', () => {
    expect(parseAnswer(q('single_choice'), 'price')).toEqual(err('unknown_choice'));
  });
});

describe('parseAnswer: text', () => {
  it.each<[string, unknown, ParsedAnswer]>([
    ['plain', 'Great service', ok('Great service')],
    ['trimmed', '  Great  \n', ok('Great')],
    ['inner whitespace kept', 'a\n\nb', ok('a\n\nb')],
    ['number as text', 42, ok('42')],
    ['empty', '', err('required')],
    ['whitespace only', ' \t\n ', err('required')],
    ['undefined', undefined, err('required')],
    ['object', { text: 'hi' }, err('required')],
    ['at the limit', 'x'.repeat(TEXT_MAX_LENGTH), ok('x'.repeat(TEXT_MAX_LENGTH))],
    ['at the limit after trimming', `  ${'x'.repeat(TEXT_MAX_LENGTH)}  `, ok('x'.repeat(TEXT_MAX_LENGTH))],
    ['one over the limit', 'x'.repeat(TEXT_MAX_LENGTH + 1), err('too_long')],
    // 5000 emoji are 10000 UTF-16 units but 5000 characters.
    ['astral characters count once', '😀'.repeat(TEXT_MAX_LENGTH), ok('😀'.repeat(TEXT_MAX_LENGTH))],
    ['astral characters over the limit', '😀'.repeat(TEXT_MAX_LENGTH + 1), err('too_long')],
  ])('%s', (_label, raw, expected) => {
    expect(parseAnswer(q('text'), raw)).toEqual(expected);
  });
});
