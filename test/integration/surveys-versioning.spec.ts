import { ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

const OLD_TEXT = 'How likely are you to recommend Acme?';
const NEW_TEXT = 'Would you recommend Acme to a colleague?';

const surveyWith = (q1Text: Record<string, string>, name = 'Versioned') => ({
  name,
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: q1Text },
    { id: 'fcr', type: 'yes_no', text: { en: 'Was your issue solved?', fi: 'Ratkesiko asiasi?' } },
  ],
});

/** Surveys edit in place until sent; after that every edit is a new version and old links keep the old text. */
describe('survey versioning', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ COMPANY_NAME: 'Acme' });
    key = (await t.workspace()).apiKey;
  });

  afterAll(() => t?.close());

  const createSurvey = async (body: unknown) => {
    const res = await t.api('POST', '/v1/surveys', { key, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; versionId: string; version: number };
  };
  const versionCount = async (surveyId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM survey_versions WHERE survey_id = $1`, [surveyId]))[0].n;
  const pageOf = async (token: string) => (await fetch(`${t.baseUrl}/s/${token}`)).text();

  it('edits an unused survey in place (version stays 1)', async () => {
    const survey = await createSurvey(surveyWith({ en: OLD_TEXT }, 'Unused'));
    const patched = await t.api('PATCH', `/v1/surveys/${survey.id}`, {
      key,
      body: { name: 'Unused, renamed', questions: surveyWith({ en: NEW_TEXT }).questions },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: survey.id,
      name: 'Unused, renamed',
      version: 1,
      versionId: survey.versionId,
    });
    expect(patched.body.questions[0].text).toEqual({ en: NEW_TEXT });
    expect(await versionCount(survey.id)).toBe(1);
  });

  it('rejects a PATCH that breaks the survey with 422 and changes nothing', async () => {
    const survey = await createSurvey(surveyWith({ en: OLD_TEXT }, 'Guarded'));
    const res = await t.api('PATCH', `/v1/surveys/${survey.id}`, { key, body: { defaultLocale: 'fi' } });
    expectProblem(res, 422, ['questions.0.text.fi']);
    expect((await t.api('GET', `/v1/surveys/${survey.id}`, { key })).body).toMatchObject({
      defaultLocale: 'en',
      version: 1,
    });
  });

  describe('once an invitation has used it', () => {
    let survey: { id: string; versionId: string };
    let firstToken: string;
    let v2: { versionId: string };

    beforeAll(async () => {
      survey = await createSurvey(surveyWith({ en: OLD_TEXT }));
      await activeCampaign(t, key, survey.id);
      expect((await t.api('POST', '/v1/events', { key, body: ticketClosed('v1') })).status).toBe(202);
      const [sent] = await waitForSent(t, 1);
      expect(sent.survey_version_id).toBe(survey.versionId);
      firstToken = sent.token;
    });

    it('makes a new version on PATCH and leaves the invitation on version 1', async () => {
      const patched = await t.api('PATCH', `/v1/surveys/${survey.id}`, {
        key,
        body: { questions: surveyWith({ en: NEW_TEXT }).questions },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: survey.id, version: 2 });
      expect(patched.body.versionId).not.toBe(survey.versionId);
      v2 = patched.body;
      expect(await versionCount(survey.id)).toBe(2);

      const [inv] = await t.db.query(`SELECT survey_version_id FROM invitations WHERE token = $1`, [firstToken]);
      expect(inv.survey_version_id).toBe(survey.versionId);
      const [old] = await t.db.query(`SELECT definition FROM survey_versions WHERE id = $1`, [survey.versionId]);
      expect(old.definition.questions[0].text).toEqual({ en: OLD_TEXT });
    });

    it('still shows the old question text on the old invitation, and records the answer against version 1', async () => {
      const html = await pageOf(firstToken);
      expect(html).toContain(OLD_TEXT);
      expect(html).not.toContain(NEW_TEXT);

      expect((await postForm(t, firstToken, { _shown: 'q1,fcr', q1: '8', fcr: 'yes' })).status).toBe(200);
      const [response] = await t.db.query(
        `SELECT r.survey_version_id FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1`,
        [firstToken],
      );
      expect(response.survey_version_id).toBe(survey.versionId);
    });

    // Right after the edit, with no waiting: the edit went through this very process.
    it('sends invitations created after the edit with version 2', async () => {
      const posted = await t.api('POST', '/v1/events', { key, body: ticketClosed('v2') });
      expect(posted.status).toBe(202);
      const rows = await waitForSent(t, 2);
      const second = rows.find((r) => r.external_id === 'cust-v2')!;
      expect(second.survey_version_id).toBe(v2.versionId);
      expect(await pageOf(second.token)).toContain(NEW_TEXT);
    });

    it('refuses to DELETE a survey a campaign uses (409) and keeps it', async () => {
      const res = await t.api('DELETE', `/v1/surveys/${survey.id}`, { key });
      expectProblem(res, 409, ['id']);
      expect((await t.api('GET', `/v1/surveys/${survey.id}`, { key })).status).toBe(200);
    });
  });

  it('DELETEs an unused survey (204), after which it is 404', async () => {
    const survey = await createSurvey(surveyWith({ en: OLD_TEXT }, 'Disposable'));
    const res = await t.api('DELETE', `/v1/surveys/${survey.id}`, { key });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expectProblem(await t.api('GET', `/v1/surveys/${survey.id}`, { key }), 404);
    expectProblem(await t.api('DELETE', `/v1/surveys/${survey.id}`, { key }), 404);
    expect((await t.api('GET', '/v1/surveys', { key })).body.data.map((s: { id: string }) => s.id)).not.toContain(
      survey.id,
    );
  });

  describe('campaign preview', () => {
    const EN = 'How likely are you to recommend Acme to a friend?';
    const FI = 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi?';
    const ids = { plain: '', subjected: '' };

    beforeAll(async () => {
      const survey = await createSurvey(surveyWith({ en: EN, fi: FI }, 'Bilingual'));
      const make = async (extra: Record<string, unknown>) => {
        const res = await t.api('POST', '/v1/campaigns', {
          key,
          body: { name: 'Preview', surveyId: survey.id, trigger: { eventType: 'preview.only' }, ...extra },
        });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      ids.plain = await make({});
      ids.subjected = await make({ emailSubject: { en: '{company} wants to know', fi: '{company} haluaa tietää' } });
    });

    // locale: the survey text's locale; subject and chrome: the reader's UI language when we ship it.
    it.each<
      [string, keyof typeof ids, string, { locale: string; subject: string; question: string; chrome: string[] }]
    >([
      [
        'fi-FI',
        'plain',
        '?locale=fi-FI',
        {
          locale: 'fi',
          subject: 'Acme: Miten onnistuimme?',
          question: FI,
          chrome: ['Hei,', 'Haluaisimme kuulla mielipiteesi.', 'Peru palautekyselyjen tilaus'],
        },
      ],
      [
        'nb-NO',
        'plain',
        '?locale=nb-NO',
        {
          locale: 'en',
          subject: 'Acme: Hvordan var opplevelsen din?',
          question: EN,
          chrome: ['Hei,', 'Vi vil gjerne høre hva du synes.', 'Meld deg av undersøkelser'],
        },
      ],
      [
        'no locale',
        'plain',
        '',
        { locale: 'en', subject: 'Acme: How did we do?', question: EN, chrome: ['Hello,', 'Unsubscribe from surveys'] },
      ],
      [
        'fi-FI with a campaign subject',
        'subjected',
        '?locale=fi-FI',
        { locale: 'fi', subject: 'Acme haluaa tietää', question: FI, chrome: ['Hei,'] },
      ],
      [
        'nb-NO with a campaign subject',
        'subjected',
        '?locale=nb-NO',
        { locale: 'en', subject: 'Acme wants to know', question: EN, chrome: ['Meld deg av undersøkelser'] },
      ],
    ])('renders %s', async (_label, campaign, query, expected) => {
      const res = await t.api('GET', `/v1/campaigns/${ids[campaign]}/preview${query}`, { key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ locale: expected.locale, subject: expected.subject });
      for (const part of [res.body.text, res.body.html]) expect(part).toContain(expected.question);
      for (const phrase of expected.chrome) expect(res.body.text).toContain(phrase);
      expect(res.body.text).toMatch(/\/s\/preview\?q1=10\b/);
    });

    it('sends nothing for a preview', async () => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM dev_outbox`))[0].n;
      await t.api('GET', `/v1/campaigns/${ids.plain}/preview?locale=fi-FI`, { key });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM dev_outbox`);
      expect(n).toBe(before);
    });
  });
});
