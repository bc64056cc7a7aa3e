import { ManualClock } from '../../src/common/clock';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/** Survey links over time: editable until expiry, then a clear localized page. Uses the dev outbox. */
describe('survey page lifecycle', () => {
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Lifecycle',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        expiry: 'P7D',
      },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
  });

  afterAll(() => t?.close());

  const sendAndGetToken = async (n: string, locale = 'fi-FI') => {
    await t.api('POST', '/v1/events', {
      key,
      body: ticketClosed(n, { contact: { externalId: `c-${n}`, email: `c${n}@example.com`, locale } }),
    });
    const [row] = await eventually(async () => {
      const rows = await t.db.query(
        `SELECT i.token FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.external_id = $1 AND i.status = 'sent'`,
        [`c-${n}`],
      );
      return rows.length ? rows : null;
    });
    return row.token as string;
  };

  it('lets a person change a completed answer until expiry, then shows the localized expired page', async () => {
    const token = await sendAndGetToken('1');
    const form = (fields: Record<string, string>) =>
      fetch(`${t.baseUrl}/s/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    const done = await form({ _shown: 'q1,fcr', q1: '9', fcr: 'yes' });
    expect(await done.text()).toContain('Kiitos');
    const again = await fetch(`${t.baseUrl}/s/${token}`);
    const html = await again.text();
    expect(html).toMatch(/name="q1" value="9"[^>]*checked/);
    expect(html).toContain('lang="fi"');

    await form({ _shown: 'q1,fcr', q1: '10', fcr: 'yes' });
    const [answer] = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1 AND a.question_id = 'q1'`,
      [token],
    );
    expect(answer.value_num).toBe(10);

    clock.advance(8 * 24 * 3600 * 1000);
    const expired = await fetch(`${t.baseUrl}/s/${token}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('lang="fi"');
    const late = await form({ _shown: 'q1,fcr', q1: '0', fcr: 'no' });
    expect(late.status).toBe(410);
    const [still] = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1 AND a.question_id = 'q1'`,
      [token],
    );
    expect(still.value_num).toBe(10);
  });

  it('answers an unknown token with a 404 page in the browser language', async () => {
    const res = await fetch(`${t.baseUrl}/s/AAAAAAAAAAAAAAAAAAAAAAAA`, {
      headers: { 'accept-language': 'sv-SE,sv;q=0.9' },
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('lang="sv"');
  });

  it('renders Norwegian interface strings with the survey default text when nb has no translation', async () => {
    const token = await sendAndGetToken('2', 'nb-NO');
    const html = await (await fetch(`${t.baseUrl}/s/${token}`)).text();
    expect(html).toContain('How likely are you to recommend Acme to a friend?');
    expect(html).toMatch(/Send|Neste|Svar/);
  });
});
