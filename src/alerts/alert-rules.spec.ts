import { openApiSchema } from '../common/zod-validation';
import type { QuestionType } from '../surveys/survey-definition';
import {
  type AlertAnswer,
  type AlertResponse,
  alertRuleProblems,
  type AlertRulesInput,
  alertRulesSchema,
  DEFAULT_SCORE_RANGES,
  evaluateAlertRules,
} from './alert-rules';

const rules = (input: AlertRulesInput = {}) => alertRulesSchema.parse(input);
const answer = (
  questionId: string,
  type: QuestionType,
  value: number | string | null,
  comment?: string,
): AlertAnswer => ({ questionId, type, value, comment });
const response = (answers: AlertAnswer[], language: string | null = 'en'): AlertResponse => ({
  answers,
  language,
  properties: {},
});

describe('alertRulesSchema', () => {
  it('gives the CX-guide defaults for {}', () => {
    expect(rules()).toEqual({ enabled: true, scores: DEFAULT_SCORE_RANGES, questions: {}, keywords: [] });
    expect(DEFAULT_SCORE_RANGES).toEqual({
      nps: { min: 0, max: 6 },
      csat: { min: 1, max: 2 },
      ces: { min: 1, max: 3 },
    });
  });

  it('hands out a copy of the defaults, not the constant', () => {
    const parsed = rules();
    parsed.scores.nps!.max = 8;
    expect(DEFAULT_SCORE_RANGES.nps.max).toBe(6);
    expect(rules().scores.nps).toEqual({ min: 0, max: 6 });
  });

  it('fills the types not given and keeps null as "off"', () => {
    expect(rules({ scores: { nps: { min: 0, max: 4 }, csat: null } }).scores).toEqual({
      nps: { min: 0, max: 4 },
      csat: null,
      ces: { min: 1, max: 3 },
    });
  });

  it('normalises keywords to objects', () => {
    expect(rules({ keywords: [' cancel ', { text: 'lopetan', language: 'fi' }] }).keywords).toEqual([
      { text: 'cancel' },
      { text: 'lopetan', language: 'fi' },
    ]);
  });

  it('can be documented in OpenAPI', () => {
    expect(openApiSchema(alertRulesSchema)).toMatchObject({
      type: 'object',
      properties: { scores: expect.any(Object), keywords: expect.any(Object), routing: expect.any(Object) },
    });
  });

  it.each<[string, unknown, string]>([
    ['NPS above its scale', { scores: { nps: { min: 0, max: 11 } } }, 'scores.nps.max'],
    ['CSAT below its scale', { scores: { csat: { min: 0, max: 2 } } }, 'scores.csat.min'],
    ['CES min above max', { scores: { ces: { min: 4, max: 2 } } }, 'scores.ces.max'],
    ['a fractional bound', { scores: { nps: { min: 0, max: 6.5 } } }, 'scores.nps.max'],
    ['an unknown type', { scores: { nope: { min: 1, max: 2 } } }, 'scores'],
    ['a question range beyond any scale', { questions: { q1: { min: 0, max: 12 } } }, 'questions.q1.max'],
    ['a digits-only keyword', { keywords: ['4g'] }, 'keywords.0.text'],
    [
      'a keyword in an unanalysed language',
      { keywords: [{ text: 'kündigen', language: 'de' }] },
      'keywords.0.language',
    ],
    ['an unknown field', { threshold: 3 }, ''],
  ])('refuses %s', (_what, input, path) => {
    const result = alertRulesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('evaluateAlertRules: scores', () => {
  it.each<[string, AlertAnswer[], AlertRulesInput, string[]]>([
    ['an NPS detractor', [answer('q1', 'nps', 3)], {}, ['NPS 3 (0–6)']],
    ['NPS 0, the bottom', [answer('q1', 'nps', 0)], {}, ['NPS 0 (0–6)']],
    ['NPS 6, the edge', [answer('q1', 'nps', 6)], {}, ['NPS 6 (0–6)']],
    ['NPS 7, a passive', [answer('q1', 'nps', 7)], {}, []],
    ['NPS 10', [answer('q1', 'nps', 10)], {}, []],
    ['CSAT 1', [answer('c', 'csat', 1)], {}, ['CSAT 1 (1–2)']],
    ['CSAT 2', [answer('c', 'csat', 2)], {}, ['CSAT 2 (1–2)']],
    ['CSAT 3', [answer('c', 'csat', 3)], {}, []],
    ['CES 3', [answer('e', 'ces', 3)], {}, ['CES 3 (1–3)']],
    ['CES 4', [answer('e', 'ces', 4)], {}, []],
    ['NPS and CSAT both low', [answer('q1', 'nps', 2), answer('c', 'csat', 1)], {}, ['NPS 2 (0–6)', 'CSAT 1 (1–2)']],
    ['a custom NPS range', [answer('q1', 'nps', 5)], { scores: { nps: { min: 0, max: 4 } } }, []],
    ['a single-value range', [answer('c', 'csat', 1)], { scores: { csat: { min: 1, max: 1 } } }, ['CSAT 1 (1)']],
    ['a type switched off', [answer('q1', 'nps', 0)], { scores: { nps: null } }, []],
    [
      'a per-question override',
      [answer('q1', 'nps', 5), answer('q2', 'nps', 5)],
      { questions: { q2: { min: 0, max: 3 } } },
      ['NPS 5 (0–6)'],
    ],
    [
      'a per-question override that fires',
      [answer('q2', 'nps', 2)],
      { questions: { q2: { min: 0, max: 3 } } },
      ['NPS 2 on "q2" (0–3)'],
    ],
    [
      'a per-question range wider than the type',
      [answer('q2', 'nps', 8)],
      { scores: { nps: null }, questions: { q2: { min: 0, max: 8 } } },
      ['NPS 8 on "q2" (0–8)'],
    ],
    ['a question switched off', [answer('q1', 'nps', 0)], { questions: { q1: null } }, []],
    ['rules disabled', [answer('q1', 'nps', 0)], { enabled: false }, []],
    ['a skipped question (null)', [answer('q1', 'nps', null)], {}, []],
    ['a score stored as text', [answer('q1', 'nps', '3')], {}, []],
    ['a fractional score', [answer('q1', 'nps', 3.5)], {}, []],
    ['a yes/no answer', [answer('yn', 'yes_no', 'no')], {}, []],
    ['no answers', [], {}, []],
  ])('%s', (_what, answers, input, reasons) => {
    const result = evaluateAlertRules(response(answers), rules(input));
    expect(result.reasons).toEqual(reasons);
    expect(result.matched).toBe(reasons.length > 0);
  });

  it('describes each match as data too', () => {
    expect(
      evaluateAlertRules(response([answer('q2', 'nps', 2)]), rules({ questions: { q2: { min: 0, max: 3 } } })).matches,
    ).toEqual([
      {
        kind: 'score',
        questionId: 'q2',
        type: 'nps',
        value: 2,
        range: { min: 0, max: 3 },
        perQuestion: true,
        reason: 'NPS 2 on "q2" (0–3)',
      },
    ]);
  });
});

describe('evaluateAlertRules: keywords', () => {
  const keywords = [
    'cancel',
    { text: 'lopetan', language: 'fi' as const },
    { text: 'säga upp', language: 'sv' as const },
    'si opp',
  ];

  it.each<[string, string | null, AlertAnswer[], string[]]>([
    ['an English comment', 'en-GB', [answer('q1', 'nps', 8, 'I might cancel soon')], ['comment mentions "cancel"']],
    [
      'a Finnish comment, another form of the word',
      'fi-FI',
      [answer('q1', 'nps', 8, 'Taidan lopettaa tilauksen')],
      ['comment mentions "lopetan"'],
    ],
    [
      'a Finnish text answer',
      'fi',
      [answer('q1', 'nps', 9), answer('why', 'text', 'Lopetin jo')],
      ['comment mentions "lopetan"'],
    ],
    [
      'a Swedish phrase',
      'sv-SE',
      [answer('q1', 'csat', 4, 'Jag ska säga upp avtalet')],
      ['comment mentions "säga upp"'],
    ],
    ['half a Swedish phrase', 'sv-SE', [answer('q1', 'csat', 4, 'Jag vill säga tack')], []],
    [
      'a Norwegian phrase (locale "no")',
      'no',
      [answer('q1', 'nps', 8, 'Jeg vil si opp')],
      ['comment mentions "si opp"'],
    ],
    ['a Finnish keyword in a Swedish response', 'sv', [answer('q1', 'nps', 8, 'lopetan')], []],
    [
      'a score and a keyword',
      'en',
      [answer('q1', 'nps', 2, 'Going to cancel')],
      ['NPS 2 (0–6)', 'comment mentions "cancel"'],
    ],
    [
      'one keyword in two comments, reported once',
      'en',
      [answer('q1', 'nps', 8, 'cancel'), answer('why', 'text', 'cancelled')],
      ['comment mentions "cancel"'],
    ],
    ['a happy comment', 'en', [answer('q1', 'nps', 10, 'Lovely staff')], []],
    ['a blank comment', 'en', [answer('q1', 'nps', 10, '  ')], []],
    ['no locale, exact word', null, [answer('q1', 'nps', 8, 'cancel')], ['comment mentions "cancel"']],
  ])('%s', (_what, language, answers, reasons) => {
    expect(evaluateAlertRules(response(answers, language), rules({ keywords })).reasons).toEqual(reasons);
  });

  it('names the questions whose comments mention the keyword', () => {
    const result = evaluateAlertRules(
      response([answer('q1', 'nps', 8, 'cancel'), answer('why', 'text', 'cancelled')]),
      rules({ keywords: ['cancel'] }),
    );
    expect(result.matches).toEqual([
      { kind: 'keyword', keyword: 'cancel', questionIds: ['q1', 'why'], reason: 'comment mentions "cancel"' },
    ]);
  });

  it('reports a keyword listed twice once', () => {
    expect(
      evaluateAlertRules(response([answer('w', 'text', 'cancel')]), rules({ keywords: ['cancel', 'Cancel'] })).reasons,
    ).toEqual(['comment mentions "cancel"']);
  });
});

describe('alertRuleProblems', () => {
  const questions = [
    { id: 'q1', type: 'nps' as const },
    { id: 'c', type: 'csat' as const },
    { id: 'why', type: 'text' as const },
  ];

  it.each<[string, AlertRulesInput, string[]]>([
    ['a fitting range', { questions: { q1: { min: 0, max: 4 }, c: { min: 1, max: 1 } } }, []],
    ['a question switched off', { questions: { q1: null } }, []],
    [
      'an unknown question',
      { questions: { q9: { min: 0, max: 4 } } },
      ['questions.q9: The survey has no question "q9"'],
    ],
    [
      'a text question',
      { questions: { why: null } },
      ['questions.why: Question "why" is text, not an NPS, CSAT or CES question'],
    ],
    [
      'a range outside CSAT',
      { questions: { c: { min: 0, max: 2 } } },
      ['questions.c: Question "c" is CSAT (1–5); 0–2 is outside it'],
    ],
  ])('%s', (_what, input, expected) => {
    expect(alertRuleProblems(rules(input), questions).map((p) => `${p.path}: ${p.message}`)).toEqual(expected);
  });
});
