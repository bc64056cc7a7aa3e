import { isConditionMet, validateConditionRefs, visibleQuestions } from './conditions';
import type { Answers, Condition, Question, QuestionType } from './survey-definition';

const q = (id: string, type: QuestionType, showIf?: Condition): Question => ({
  id,
  type,
  text: { en: id },
  ...(showIf ? { showIf } : {}),
});

describe('isConditionMet', () => {
  it.each<[string, Condition, Answers, boolean]>([
    ['missing answer', { question: 'q1', lte: 6 }, {}, false],
    ['missing answer, no operators', { question: 'q1' }, { other: 1 }, false],
    ['answered, no operators', { question: 'q1' }, { q1: 3 }, true],
    ['lte holds', { question: 'q1', lte: 6 }, { q1: 6 }, true],
    ['lte fails', { question: 'q1', lte: 6 }, { q1: 7 }, false],
    ['gte holds', { question: 'q1', gte: 9 }, { q1: 9 }, true],
    ['gte fails', { question: 'q1', gte: 9 }, { q1: 8 }, false],
    ['lte on zero', { question: 'q1', lte: 0 }, { q1: 0 }, true],
    ['range holds', { question: 'q1', gte: 7, lte: 8 }, { q1: 7 }, true],
    ['range fails on one side', { question: 'q1', gte: 7, lte: 8 }, { q1: 9 }, false],
    ['lte needs a numeric answer', { question: 'q1', lte: 6 }, { q1: '3' }, false],
    ['gte needs a numeric answer', { question: 'q1', gte: 0 }, { q1: 'yes' }, false],
    ['eq number/number', { question: 'q1', eq: 9 }, { q1: 9 }, true],
    ['eq number/string', { question: 'q1', eq: 9 }, { q1: '9' }, true],
    ['eq string/number', { question: 'q1', eq: '9' }, { q1: 9 }, true],
    ['eq string match', { question: 'q1', eq: 'yes' }, { q1: 'yes' }, true],
    ['eq string mismatch', { question: 'q1', eq: 'yes' }, { q1: 'no' }, false],
    ['eq is case-sensitive', { question: 'q1', eq: 'yes' }, { q1: 'Yes' }, false],
    ['eq number mismatch', { question: 'q1', eq: 9 }, { q1: 10 }, false],
    ['eq 0 does not match empty text', { question: 'q1', eq: 0 }, { q1: '' }, false],
    ['in hits', { question: 'q1', in: ['a', 'b'] }, { q1: 'b' }, true],
    ['in misses', { question: 'q1', in: ['a', 'b'] }, { q1: 'c' }, false],
    ['in with numbers', { question: 'q1', in: [9, 10] }, { q1: 10 }, true],
    ['in coerces', { question: 'q1', in: ['9', '10'] }, { q1: 9 }, true],
    ['in empty', { question: 'q1', in: [] }, { q1: 'a' }, false],
    ['all operators must hold', { question: 'q1', gte: 5, eq: 7, in: [7, 8] }, { q1: 7 }, true],
    ['one failing operator fails', { question: 'q1', gte: 5, eq: 7, in: [8] }, { q1: 7 }, false],
    ['prototype key is not an answer', { question: 'toString' }, {}, false],
  ])('%s', (_label, condition, answers, expected) => {
    expect(isConditionMet(condition, answers)).toBe(expected);
  });
});

describe('visibleQuestions', () => {
  const survey = [
    q('score', 'nps'),
    q('why_low', 'text', { question: 'score', lte: 6 }),
    q('contact_ok', 'yes_no', { question: 'score', lte: 6 }),
    q('phone', 'text', { question: 'contact_ok', eq: 'yes' }),
    q('why_high', 'text', { question: 'score', gte: 9 }),
    q('extra', 'text'),
  ];
  const ids = (answers: Answers) => visibleQuestions(survey, answers).map((x) => x.id);

  it.each<[string, Answers, string[]]>([
    ['nothing answered', {}, ['score', 'extra']],
    ['detractor', { score: 3 }, ['score', 'why_low', 'contact_ok', 'extra']],
    [
      'detractor who agreed to contact',
      { score: 3, contact_ok: 'yes' },
      ['score', 'why_low', 'contact_ok', 'phone', 'extra'],
    ],
    ['detractor who declined contact', { score: 3, contact_ok: 'no' }, ['score', 'why_low', 'contact_ok', 'extra']],
    ['promoter', { score: 10 }, ['score', 'why_high', 'extra']],
    ['passive', { score: 8 }, ['score', 'extra']],
    // The respondent changed their score after answering contact_ok: phone must hide too.
    ['chain hides with a stale answer', { score: 10, contact_ok: 'yes' }, ['score', 'why_high', 'extra']],
  ])('%s', (_label, answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });

  it('keeps a forward reference hidden', () => {
    const bad = [q('a', 'text', { question: 'b', eq: 'x' }), q('b', 'text')];
    expect(visibleQuestions(bad, { b: 'x' }).map((x) => x.id)).toEqual(['b']);
  });

  it('returns the same question objects', () => {
    expect(visibleQuestions(survey, {})[0]).toBe(survey[0]);
  });
});

describe('validateConditionRefs', () => {
  it('accepts a valid survey', () => {
    expect(
      validateConditionRefs([
        q('score', 'nps'),
        q('ok', 'yes_no', { question: 'score', lte: 6 }),
        q('why', 'text', { question: 'ok', eq: 'yes' }),
        q('pick', 'single_choice', { question: 'score', in: [9, 10] }),
        q('c', 'csat'),
        q('c2', 'text', { question: 'c', gte: 4 }),
        q('e', 'ces'),
        q('e2', 'text', { question: 'e', lte: 3 }),
      ]),
    ).toEqual([]);
  });

  it.each<[string, Question[], Array<{ path: string; message: RegExp }>]>([
    [
      'unknown reference',
      [q('a', 'nps'), q('b', 'text', { question: 'zzz', lte: 6 })],
      [{ path: 'questions.1.showIf.question', message: /unknown question "zzz"/ }],
    ],
    [
      'forward reference',
      [q('a', 'text', { question: 'b', eq: 'x' }), q('b', 'text')],
      [{ path: 'questions.0.showIf.question', message: /before "a".*"b"/ }],
    ],
    [
      'self reference',
      [q('x', 'nps'), q('a', 'nps', { question: 'a', gte: 1 })],
      [{ path: 'questions.1.showIf.question', message: /before "a"/ }],
    ],
    [
      'lte on yes_no',
      [q('a', 'yes_no'), q('b', 'text', { question: 'a', lte: 1 })],
      [{ path: 'questions.1.showIf.lte', message: /scale question.*yes_no/ }],
    ],
    [
      'gte on text',
      [q('a', 'text'), q('b', 'text', { question: 'a', gte: 1 })],
      [{ path: 'questions.1.showIf.gte', message: /scale question.*text/ }],
    ],
    [
      'both lte and gte on single_choice',
      [q('a', 'single_choice'), q('b', 'text', { question: 'a', gte: 1, lte: 2 })],
      [
        { path: 'questions.1.showIf.lte', message: /single_choice/ },
        { path: 'questions.1.showIf.gte', message: /single_choice/ },
      ],
    ],
    [
      'forward reference with lte on a non-scale reports both',
      [q('a', 'text', { question: 'b', lte: 3 }), q('b', 'yes_no')],
      [
        { path: 'questions.0.showIf.question', message: /before/ },
        { path: 'questions.0.showIf.lte', message: /yes_no/ },
      ],
    ],
    [
      'errors across several questions',
      [
        q('a', 'nps'),
        q('b', 'text', { question: 'nope' }),
        q('c', 'text', { question: 'a', eq: 1 }),
        q('d', 'text', { question: 'b', gte: 2 }),
      ],
      [
        { path: 'questions.1.showIf.question', message: /unknown/ },
        { path: 'questions.3.showIf.gte', message: /text/ },
      ],
    ],
  ])('%s', (_label, questions, expected) => {
    const errors = validateConditionRefs(questions);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(errors[i].path).toBe(e.path);
      expect(errors[i].message).toMatch(e.message);
    });
  });
});
