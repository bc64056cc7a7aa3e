import fc from 'fast-check';

import { markSent } from '../integration/api-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectNoServerError,
  fuzzParams,
  fuzzTimeout,
  hostileJson,
  hostileText,
  toJsonText,
  untouchedData,
} from './fuzz-support';

const SURVEY = {
  name: 'Page fuzz',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'Recommend us?', fi: 'Suosittelisitko?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' }, showIf: { question: 'q1', lte: 6 } },
    {
      id: 'pick',
      type: 'single_choice',
      text: { en: 'Which?' },
      choices: [
        { id: 'a', label: { en: 'A' } },
        { id: 'b', label: { en: 'B' } },
      ],
    },
    { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
    { id: 'ease', type: 'ces', text: { en: 'Easy?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
  ],
};
const IDS = SURVEY.questions.map((q) => q.id);

/** Percent-encodes every byte of the text's UTF-8 (lone surrogates become U+FFFD, as in any browser). */
const encodeBytes = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Form fields as a browser or a script would post them: known fields with odd values, unknown ones, repeats. */
const formFields = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom(...IDS, '_shown'), hostileText),
    fc.oneof(
      fc.constantFrom('0', '6', '10', '11', '-1', '5.5', 'a', 'b', 'c', 'yes', 'no', IDS.join(','), ''),
      hostileText,
    ),
  ),
  { maxLength: 8 },
);

jest.setTimeout(fuzzTimeout(120));

/**
 * The survey page, GET and POST /s/:token, with hostile tokens, queries and forms (and JSON, which
 * Express also parses there): no 5xx, another respondent's answers never change, and nothing
 * beyond the response tables does.
 */
describe('fuzz: the survey page', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let token: string;
  let bystanderInvitation: string;

  beforeAll(async () => {
    t = await startTestApp({
      // Input handling is under test here, not the limits: every generated request must reach its route.
      RATE_LIMIT_ENABLED: 'false',
      ROLE: 'api',
    });
    ({ apiKey: key, workspaceId } = await t.workspace('Fuzz'));
    const survey = await t.api('POST', '/v1/surveys', { key, body: SURVEY });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Page', surveyId: survey.body.id, trigger: { eventType: 'visit' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    const invite = async (n: string) => {
      const event = await t.api('POST', '/v1/events', {
        key,
        body: { type: 'visit', id: `v-${n}`, contact: { externalId: `c-${n}`, email: `c${n}@example.com` } },
      });
      return event.body.decisions[0].invitationId as string;
    };
    const fuzzed = await invite('fuzz');
    token = await markSent(t.db, fuzzed);
    bystanderInvitation = await invite('bystander');
    const bystanderToken = await markSent(t.db, bystanderInvitation);
    const answered = await fetch(`${t.baseUrl}/s/${bystanderToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _shown: IDS.join(','),
        q1: '3',
        why: 'Slow',
        pick: 'a',
        sat: '2',
        ease: '4',
        fcr: 'no',
      }),
    });
    expect(answered.status).toBe(200);
  });

  afterAll(() => t?.close());

  const bystanderAnswers = async () =>
    t.db.query(
      `SELECT r.*, a.* FROM responses r LEFT JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = $1 ORDER BY a.question_id`,
      [bystanderInvitation],
    );

  it('answers every hostile token, query and form below 500 and changes no one else’s answers', async () => {
    const mayWrite = {
      workspaceId,
      tables: ['responses', 'answers', 'rollup_deltas', 'response_followups', 'webhook_outbox'],
    };
    const untouched = await untouchedData(t.db, mayWrite);
    const bystander = await bystanderAnswers();
    const tokenOf = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileText });
    const request = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), token: tokenOf, fields: formFields }),
      fc.record({ kind: fc.constant('form' as const), token: tokenOf, fields: formFields }),
      fc.record({ kind: fc.constant('json' as const), token: tokenOf, json: hostileJson }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = `/s/${r.token === null ? token : encodeBytes(r.token)}`;
        const pairs = 'fields' in r ? r.fields.map(([k, v]) => `${encodeBytes(k)}=${encodeBytes(v)}`).join('&') : '';
        const res =
          r.kind === 'get'
            ? await fetch(`${t.baseUrl}${path}?${pairs}`)
            : await fetch(t.baseUrl + path, {
                method: 'POST',
                headers: {
                  'content-type': r.kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
                },
                body: r.kind === 'form' ? pairs : toJsonText(r.json),
              });
        expectNoServerError(res.status, `${r.kind} ${path} ${pairs}`, await res.text());
      }),
      fuzzParams(120),
    );
    expect(await bystanderAnswers()).toEqual(bystander);
    expect(await untouchedData(t.db, mayWrite)).toEqual(untouched);
  });
});
