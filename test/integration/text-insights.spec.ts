import { SeededResponse, seedResponse } from '../support/seed-responses';
import { startTestApp, TestApp } from '../support/test-app';

/** What customers wrote, per language: themes, what detractors raise, sentiment, and search across inflections. */
describe('text insights', () => {
  let t: TestApp;
  let key: string;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const ws = await t.workspace();
    key = ws.apiKey;
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: {
        name: 'Texts',
        defaultLocale: 'en',
        questions: [
          { id: 'q1', type: 'nps', text: { en: 'Recommend?' } },
          { id: 'why', type: 'text', text: { en: 'Why?' } },
        ],
      },
    });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Texts', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    campaignId = campaign.body.id;
    const [{ id: versionId }] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [
      survey.body.id,
    ]);
    const seed = (s: Omit<SeededResponse, 'team' | 'at'>) =>
      seedResponse(
        t,
        { workspaceId: ws.workspaceId, campaignId, versionId },
        { team: 'support', at: '2026-11-20T10:00:00Z', ...s },
      );
    const finnish: Array<[number, string]> = [
      [2, 'Jonotus kesti liian kauan'],
      [3, 'Jouduin jonottamaan puoli tuntia'],
      [4, 'Jonossa meni ikuisuus'],
      [1, 'Pitkä jonotusaika ja huono palvelu'],
      [5, 'Jonotin tunnin'],
      [10, 'Ystävällinen asiakaspalvelu'],
      [9, 'Nopea ja ystävällinen'],
      [10, 'Kiitos, ystävällinen palvelu'],
      [9, 'Jono oli lyhyt'],
    ];
    for (const [nps, why] of finnish) await seed({ nps, why, locale: 'fi-FI' });
    await seed({ nps: 2, comment: 'terrible: the queue was far too long', locale: 'en' });
    await seed({ nps: 10, why: 'Friendly staff, great service', locale: 'en' });
    await seed({ nps: 3, why: 'Kön var lång', locale: 'sv' });
  });

  afterAll(() => t?.close());

  it('finds the Finnish queue theme across its inflections and ranks it first among detractors', async () => {
    const res = await t.api('GET', `/v1/text/themes?campaignId=${campaignId}`, { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      analysedResponses: 12,
      capped: false,
      byLanguage: { fi: 9, en: 2, sv: 1, nb: 0 },
    });
    const queue = res.body.themes.find(
      (th: { language: string; key: string }) => th.language === 'fi' && th.key === 'jono',
    );
    expect(queue.documents).toBe(6);
    expect(res.body.detractorThemes[0]).toMatchObject({ language: 'fi', key: 'jono', detractors: 5, promoters: 1 });
    expect(res.body.sentiment.fi).toBeNull();
    expect(res.body.sentiment.en).toMatchObject({ analysed: 2, positive: 1, negative: 1 });
  });

  it('searches open answers and comments by keyword in any inflection', async () => {
    const fi = await t.api('GET', `/v1/text/search?campaignId=${campaignId}&q=jonotus&language=fi`, { key });
    expect(fi.body.data.map((m: { text: string }) => m.text).sort()).toEqual([
      'Jono oli lyhyt',
      'Jonossa meni ikuisuus',
      'Jonotin tunnin',
      'Jonotus kesti liian kauan',
      'Jouduin jonottamaan puoli tuntia',
      'Pitkä jonotusaika ja huono palvelu',
    ]);
    const en = await t.api('GET', `/v1/text/search?campaignId=${campaignId}&q=queues`, { key });
    expect(en.body.data).toEqual([
      expect.objectContaining({ nps: 2, language: 'en', text: 'terrible: the queue was far too long' }),
    ]);
    const none = await t.api('GET', `/v1/text/search?campaignId=${campaignId}&q=the`, { key });
    expect(none.body.data).toEqual([]);
    const bad = await t.api('GET', `/v1/text/search?q=&language=de`, { key });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['language', 'q']);
  });
});
