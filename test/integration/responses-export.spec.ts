import { randomUUID } from 'node:crypto';

import { ResponsesExportService } from '../../src/responses/responses-export.service';
import { insertBulkResponses } from '../support/bulk-responses';
import { ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

const SURVEY = {
  name: 'Export survey',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'What should we do better?' }, showIf: { question: 'q1', lte: 6 } },
    { id: 'sat', type: 'csat', text: { en: 'How satisfied were you?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Was your issue solved?' } },
  ],
};

/** Text a spreadsheet would run as a formula, with a quote, a comma and a line break for the CSV quoting. */
const NASTY = '=HYPERLINK("http://evil.example","win"), then "more"\nsecond line';
const NASTY_NAME = '@SUM(1+1), "Jane"';

/** Who answers what, and when (created_at is set afterwards so order and periods are exact). */
const PEOPLE = {
  a1: { campaign: 'A', at: '2025-01-01T10:00:00.000Z', form: { _shown: 'q1,sat,fcr', q1: '10', sat: '5', fcr: 'yes' } },
  a2: {
    campaign: 'A',
    at: '2025-01-02T10:00:00.000Z',
    form: { _shown: 'q1,why,sat,fcr', q1: '3', why: NASTY, sat: '2', fcr: 'no' },
  },
  a3: { campaign: 'A', at: '2025-01-03T10:00:00.000Z', form: { _shown: 'q1,sat,fcr', q1: '7', sat: '4', fcr: 'yes' } },
  a4: { campaign: 'A', at: null, form: null },
  b1: { campaign: 'B', at: '2025-01-04T10:00:00.000Z', form: { _shown: 'q1,sat,fcr', q1: '9', sat: '5', fcr: 'yes' } },
} as const;
type Who = keyof typeof PEOPLE;

/** RFC 4180 reader, small on purpose: the export's CSV must come back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

describe('GET /v1/responses/export', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;
  const campaign: Record<'A' | 'B', string> = { A: '', B: '' };
  let surveyId: string;
  const responseId = {} as Record<Who, string>;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace('Export Co')).apiKey;
    otherKey = (await t.workspace('Someone else')).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: SURVEY });
    expect(survey.status).toBe(201);
    surveyId = survey.body.id;
    campaign.A = await activeCampaign(t, key, surveyId, 'ticket.closed');
    campaign.B = await activeCampaign(t, key, surveyId, 'order.delivered');

    for (const who of Object.keys(PEOPLE) as Who[]) {
      const event = ticketClosed(who, {
        type: PEOPLE[who].campaign === 'A' ? 'ticket.closed' : 'order.delivered',
        contact: {
          externalId: `cust-${who}`,
          email: `${who}@example.com`,
          phone: '+358401234567',
          locale: 'fi',
          name: who === 'a2' ? NASTY_NAME : `Customer ${who}`,
        },
        properties: { team: 'billing', note: who === 'a2' ? '-1+1' : 'ok, "fine"' },
      });
      const posted = await t.api('POST', '/v1/events', { key, body: event });
      expect(posted.status).toBe(202);
    }
    const sent = await waitForSent(t, 5, 20000);
    for (const { token, external_id } of sent) {
      const who = external_id.replace('cust-', '') as Who;
      const { form, at } = PEOPLE[who];
      if (!form || !at) continue;
      expect((await postForm(t, token, form)).status).toBe(200);
      const [r] = await t.db.query(
        `UPDATE responses r SET created_at = $2 FROM invitations i WHERE i.id = r.invitation_id AND i.token = $1 RETURNING r.id`,
        [token, at],
      );
      responseId[who] = r.id;
    }
    // A comment sent with a score (as SMS replies carry), and a phone recording not yet transcribed.
    await t.db.query(
      `UPDATE answers SET value_text = 'quick, "friendly"' WHERE response_id = $1 AND question_id = 'q1'`,
      [responseId.a1],
    );
    await t.db.query(
      `INSERT INTO answers (response_id, question_id, question_type, recording_url, recording_seconds) VALUES ($1, 'why', 'text', 'https://rec.example/RE1', 7)`,
      [responseId.a3],
    );
    const tagged = await t.api('PUT', `/v1/responses/${responseId.b1}/tags`, { key, body: { tags: ['vip'] } });
    expect(tagged.status).toBe(200);
  }, 60000);

  afterAll(() => t?.close());

  const get = async (query: string, headers: Record<string, string> = {}, apiKey = key) => {
    const res = await fetch(`${t.baseUrl}/v1/responses/export${query}`, {
      headers: { authorization: `Bearer ${apiKey}`, ...headers },
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const ndjson = async (query: string) => {
    const res = await get(query);
    expect(res.status).toBe(200);
    expect(res.text === '' || res.text.endsWith('\n')).toBe(true);
    return res.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  };
  const ids = async (query: string) => (await ndjson(query)).map((r) => r.contact.externalId.replace('cust-', ''));

  it('streams NDJSON by default: one response per line, oldest first, with contact, campaign, event and answers', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="responses-\d{4}-\d\d-\d\d\.ndjson"$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const records = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.contact.externalId)).toEqual(['cust-a1', 'cust-a2', 'cust-a3', 'cust-b1']);
    expect(records[1]).toEqual({
      responseId: responseId.a2,
      invitationId: expect.any(String),
      campaignId: campaign.A,
      campaignName: 'On ticket.closed',
      surveyId,
      surveyVersion: 1,
      channel: 'email',
      createdAt: '2025-01-02T10:00:00.000Z',
      completedAt: expect.any(String),
      completed: true,
      late: false,
      unparsedText: null,
      contact: {
        externalId: 'cust-a2',
        email: 'a2@example.com',
        phone: '+358401234567',
        name: NASTY_NAME,
        locale: 'fi',
      },
      event: { type: 'ticket.closed', properties: { team: 'billing', note: '-1+1' } },
      answers: expect.arrayContaining([
        { questionId: 'q1', type: 'nps', value: 3, comment: null, recording: null },
        { questionId: 'why', type: 'text', value: NASTY, comment: null, recording: null },
        { questionId: 'sat', type: 'csat', value: 2, comment: null, recording: null },
        { questionId: 'fcr', type: 'yes_no', value: 'no', comment: null, recording: null },
      ]),
    });
    expect(records[1].answers).toHaveLength(4);
    expect(records[0].answers).toContainEqual({
      questionId: 'q1',
      type: 'nps',
      value: 10,
      comment: 'quick, "friendly"',
      recording: null,
    });
    expect(records[2].answers).toContainEqual({
      questionId: 'why',
      type: 'text',
      value: null,
      comment: null,
      recording: { url: 'https://rec.example/RE1', seconds: 7 },
    });
  });

  it('streams CSV: BOM, header, RFC 4180 quoting, formula cells neutralised', async () => {
    const res = await get('?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="responses-\d{4}-\d\d-\d\d\.csv"$/);
    // fetch's text() drops a leading BOM, as UTF-8 decoders do: check the bytes instead.
    const raw = Buffer.from(
      await (
        await fetch(`${t.baseUrl}/v1/responses/export?format=csv`, { headers: { authorization: `Bearer ${key}` } })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'responseId',
      'invitationId',
      'campaignId',
      'campaignName',
      'surveyId',
      'surveyVersion',
      'channel',
      'createdAt',
      'completedAt',
      'completed',
      'late',
      'unparsedText',
      'contact.externalId',
      'contact.email',
      'contact.phone',
      'contact.name',
      'contact.locale',
      'event.type',
      'event.properties',
      'answers.q1',
      'answers.q1.comment',
      'answers.why',
      'answers.why.recordingUrl',
      'answers.why.recordingSeconds',
      'answers.sat',
      'answers.sat.comment',
      'answers.fcr',
      'otherAnswers',
    ]);
    expect(rows).toHaveLength(4);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const a2 = rows[1];
    expect(cell(a2, 'responseId')).toBe(responseId.a2);
    expect(cell(a2, 'answers.why')).toBe(`'${NASTY}`);
    expect(cell(a2, 'contact.name')).toBe(`'${NASTY_NAME}`);
    expect(cell(a2, 'contact.phone')).toBe("'+358401234567");
    expect(cell(a2, 'answers.q1')).toBe('3');
    expect(cell(a2, 'answers.fcr')).toBe('no');
    expect(JSON.parse(cell(a2, 'event.properties'))).toEqual({ team: 'billing', note: '-1+1' });
    expect(cell(rows[0], 'answers.q1.comment')).toBe('quick, "friendly"');
    expect(cell(rows[2], 'answers.why.recordingUrl')).toBe('https://rec.example/RE1');
    expect(cell(rows[2], 'answers.why.recordingSeconds')).toBe('7');
    expect(rows.every((r) => r.length === header.length && cell(r, 'otherAnswers') === '')).toBe(true);
  });

  it('chooses CSV from Accept when format is absent; format wins over Accept', async () => {
    const byAccept = await get('', { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(byAccept.text.startsWith('responseId,')).toBe(true);
    expect((await get('?format=ndjson', { accept: 'text/csv' })).headers.get('content-type')).toBe(
      'application/x-ndjson',
    );
    expect((await get('', { accept: 'application/json' })).headers.get('content-type')).toBe('application/x-ndjson');
  });

  it('leaves the BOM out with bom=false', async () => {
    const raw = Buffer.from(
      await (
        await fetch(`${t.baseUrl}/v1/responses/export?format=csv&bom=false`, {
          headers: { authorization: `Bearer ${key}` },
        })
      ).arrayBuffer(),
    );
    expect(raw.subarray(0, 11).toString()).toBe('responseId,');
  });

  it.each<[string, () => string, Who[]]>([
    ['campaign', () => `?campaignId=${campaign.B}`, ['b1']],
    ['period [from, to)', () => '?from=2025-01-02T10:00:00Z&to=2025-01-04T10:00:00Z', ['a2', 'a3']],
    ['period with an offset', () => `?from=${encodeURIComponent('2025-01-03T12:00:00+02:00')}`, ['a3', 'b1']],
    ['NPS detractors', () => '?scoreMax=6', ['a2']],
    ['NPS promoters', () => '?scoreMin=9', ['a1', 'b1']],
    ['NPS passives', () => '?scoreMin=7&scoreMax=8', ['a3']],
    ['promoters of one campaign', () => `?scoreMin=9&campaignId=${campaign.A}`, ['a1']],
    ['a CSAT question', () => '?questionId=sat&scoreMin=4&scoreMax=4', ['a3']],
    ['nothing in range', () => '?scoreMin=4&scoreMax=5', []],
    // The responses list's filters, with its names: the console exports the list it shows.
    ['NPS band', () => '?band=detractor', ['a2']],
    ['several NPS bands', () => '?band=passive,promoter', ['a1', 'a3', 'b1']],
    ['a band and a campaign', () => `?band=promoter&campaignId=${campaign.B}`, ['b1']],
    ['team', () => '?team=billing', ['a1', 'a2', 'a3', 'b1']],
    ['a team nobody is in', () => '?team=Billing', []],
    ['channel', () => '?channel=email', ['a1', 'a2', 'a3', 'b1']],
    ['another channel', () => '?channel=sms', []],
    ['words in an open answer', () => '?q=hyperlink', ['a2']],
    ['words given with a score', () => '?q=FRIENDLY', ['a1']],
    ['LIKE wildcards as written', () => '?q=%25', []],
    ['has a comment', () => '?commented=true', ['a1', 'a2']],
    ['has no comment (a recording not transcribed has no words)', () => '?commented=false', ['a3', 'b1']],
    ['a tag, written as people type it', () => '?tag=%20VIP', ['b1']],
  ])('filters by %s', async (_label, query, expected) => {
    expect(await ids(query())).toEqual(expected);
  });

  it('filters CSV too, keeping the header when nothing matches', async () => {
    const [header, ...rows] = parseCsv((await get(`?format=csv&bom=false&scoreMax=6&campaignId=${campaign.A}`)).text);
    expect(rows.map((r) => r[header.indexOf('responseId')])).toEqual([responseId.a2]);
    expect(parseCsv((await get('?format=csv&bom=false&to=2000-01-01T00:00:00Z')).text)).toEqual([header]);
  });

  it.each<[string, string, number, string[]]>([
    ['an unknown format', '?format=xlsx', 400, ['format']],
    ['a campaign id that is not a uuid', '?campaignId=42', 400, ['campaignId']],
    ['an unreadable date', '?from=yesterday', 400, ['from']],
    ['from after to', '?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', 400, ['to']],
    ['a fractional score', '?scoreMin=1.5', 400, ['scoreMin']],
    ['a score above 10', '?scoreMax=11', 400, ['scoreMax']],
    ['scoreMin above scoreMax', '?scoreMin=8&scoreMax=2', 400, ['scoreMax']],
    ['questionId without a range', '?questionId=sat', 400, ['questionId']],
    ['a misspelt parameter', '?scoremin=9', 400, ['scoremin']],
    ['an unknown band', '?band=detractor,angry', 400, ['band.1']],
    ['an unknown channel', '?channel=fax', 400, ['channel']],
    ['commented that is not true or false', '?commented=1', 400, ['commented']],
    ['a range on a yes/no question', '?questionId=fcr&scoreMin=1', 422, ['questionId']],
    ['a range on a question no survey asks', '?questionId=nope&scoreMin=1', 422, ['questionId']],
  ])('rejects %s before streaming anything', async (_label, query, status, paths) => {
    const res = await t.api('GET', `/v1/responses/export${query}`, { key });
    expectProblem(res, status, paths);
  });

  it('answers 404 for a campaign that is not this workspace’s, 401 without a key', async () => {
    expectProblem(await t.api('GET', `/v1/responses/export?campaignId=${randomUUID()}`, { key }), 404);
    expectProblem(await t.api('GET', `/v1/responses/export?campaignId=${campaign.A}`, { key: otherKey }), 404);
    expectProblem(await t.api('GET', '/v1/responses/export'), 401);
  });

  describe('many responses', () => {
    // Enough pages that loopback socket buffers (several MB with TCP autotuning) cannot absorb them all.
    const ROWS = 80_000;
    let bulkKey: string;
    let pagesRead = 0;

    beforeAll(async () => {
      const ws = await t.workspace('Bulk Co');
      bulkKey = ws.apiKey;
      const survey = await t.api('POST', '/v1/surveys', { key: bulkKey, body: SURVEY });
      const campaignId = await activeCampaign(t, bulkKey, survey.body.id);
      const [{ id: surveyVersionId }] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [
        survey.body.id,
      ]);
      // Every row at the same instant: pages can only be told apart by id.
      await t.db.transaction((tx) =>
        insertBulkResponses(tx, {
          workspaceId: ws.workspaceId,
          campaignId,
          surveyVersionId,
          prefix: 'bulk',
          first: 1,
          count: ROWS,
          createdAt: new Date('2025-02-01T00:00:00Z'),
          stepMs: 0,
        }),
      );
      await t.db.query('ANALYZE responses, answers');
      const service = t.app.get(ResponsesExportService) as unknown as {
        readPage: (...args: unknown[]) => Promise<unknown[]>;
      };
      const readPage = service.readPage.bind(service);
      service.readPage = (...args) => ((pagesRead += 1), readPage(...args));
    }, 60000);

    it('exports every row exactly once across pages, and only this workspace’s', async () => {
      const res = await fetch(`${t.baseUrl}/v1/responses/export`, { headers: { authorization: `Bearer ${bulkKey}` } });
      const lines = (await res.text()).trimEnd().split('\n');
      expect(lines).toHaveLength(ROWS);
      const records = lines.map((l) => JSON.parse(l));
      expect(new Set(records.map((r) => r.responseId)).size).toBe(ROWS);
      expect(new Set(records.map((r) => r.contact.externalId.split('-')[0]))).toEqual(new Set(['bulk']));
      const csv = await fetch(`${t.baseUrl}/v1/responses/export?format=csv&scoreMax=6`, {
        headers: { authorization: `Bearer ${bulkKey}` },
      });
      // Scores are n % 11 for n = 1..ROWS: 0–6 is 7 of every 11.
      const detractors = Array.from({ length: ROWS }, (_, i) => (i + 1) % 11).filter((s) => s <= 6).length;
      expect(parseCsv(await csv.text())).toHaveLength(detractors + 1);
    });

    it('reads no further than the client: stalls with a reader that does not read, stops when it leaves', async () => {
      const abort = new AbortController();
      pagesRead = 0;
      const res = await fetch(`${t.baseUrl}/v1/responses/export`, {
        headers: { authorization: `Bearer ${bulkKey}` },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      // Buffers fill (socket, client), then writing waits for a drain that never comes.
      let last = -1;
      const stalled = await eventually(async () => {
        const now = pagesRead;
        const stable = now === last;
        last = now;
        await new Promise((r) => setTimeout(r, 200));
        return stable && now > 0 ? now : null;
      }, 10000);
      expect(stalled).toBeLessThan(ROWS / 2000);
      abort.abort();
      const afterAbort = await eventually(async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%ORDER BY r.created_at, r.id%' AND pid <> pg_backend_pid() AND state = 'active'`,
        );
        return n === 0 ? pagesRead : null;
      });
      expect(afterAbort).toBeLessThanOrEqual(stalled + 1);
    });

    it('gives every connection back after clients leave mid-export (more leavers than the pool has connections)', async () => {
      await Promise.all(
        Array.from({ length: 25 }, async () => {
          const abort = new AbortController();
          const res = await fetch(`${t.baseUrl}/v1/responses/export?format=csv`, {
            headers: { authorization: `Bearer ${bulkKey}` },
            signal: abort.signal,
          });
          await res.body!.getReader().read();
          abort.abort();
        }),
      );
      const res = await fetch(`${t.baseUrl}/v1/responses/export?scoreMin=10`, {
        headers: { authorization: `Bearer ${bulkKey}` },
        signal: AbortSignal.timeout(20000),
      });
      expect(res.status).toBe(200);
      expect((await res.text()).trimEnd().split('\n')).toHaveLength(Math.floor(ROWS / 11));
    });
  });
});
