import {
  csvEncoder,
  csvHeader,
  csvValues,
  ExportRow,
  ndjsonEncoder,
  questionColumns,
  toExportRecord,
} from './response-export.mapper';

const row = (overrides: Partial<ExportRow> = {}): ExportRow => ({
  id: 'r1',
  invitation_id: 'i1',
  campaign_id: 'c1',
  campaign_name: 'After support',
  survey_id: 's1',
  survey_version: 2,
  channel: 'sms',
  created_at: new Date('2026-03-01T10:00:00.123Z'),
  completed_at: new Date('2026-03-01T10:05:00Z'),
  completed: true,
  late: false,
  unparsed_text: null,
  external_id: 'cust-1',
  email: 'jane@example.com',
  phone: '+358401234567',
  contact_name: 'Doe, "Jane"',
  locale: 'fi',
  event_type: 'ticket.closed',
  properties: { team: 'billing', note: '=1+1' },
  answers: [
    { questionId: 'q1', type: 'nps', num: 9, text: 'quick and friendly', url: null, seconds: null },
    {
      questionId: 'why',
      type: 'text',
      num: null,
      text: 'transcribed words',
      url: 'https://rec.example/RE1',
      seconds: 7,
    },
    { questionId: 'fcr', type: 'yes_no', num: null, text: 'yes', url: null, seconds: null },
  ],
  ...overrides,
});

const COLUMNS = questionColumns([
  { id: 'q1', type: 'nps' },
  { id: 'why', type: 'text' },
  { id: 'fcr', type: 'yes_no' },
]);

describe('toExportRecord', () => {
  it('shapes a response for NDJSON: score with its comment, recording with its transcription', () => {
    expect(toExportRecord(row())).toEqual({
      responseId: 'r1',
      invitationId: 'i1',
      campaignId: 'c1',
      campaignName: 'After support',
      surveyId: 's1',
      surveyVersion: 2,
      channel: 'sms',
      createdAt: '2026-03-01T10:00:00.123Z',
      completedAt: '2026-03-01T10:05:00.000Z',
      completed: true,
      late: false,
      unparsedText: null,
      contact: {
        externalId: 'cust-1',
        email: 'jane@example.com',
        phone: '+358401234567',
        name: 'Doe, "Jane"',
        locale: 'fi',
      },
      event: { type: 'ticket.closed', properties: { team: 'billing', note: '=1+1' } },
      answers: [
        { questionId: 'q1', type: 'nps', value: 9, comment: 'quick and friendly', recording: null },
        {
          questionId: 'why',
          type: 'text',
          value: 'transcribed words',
          comment: null,
          recording: { url: 'https://rec.example/RE1', seconds: 7 },
        },
        { questionId: 'fcr', type: 'yes_no', value: 'yes', comment: null, recording: null },
      ],
    });
  });

  it('keeps a score of 0 and an untranscribed recording (value null)', () => {
    const r = toExportRecord(
      row({
        completed_at: null,
        answers: [
          { questionId: 'q1', type: 'nps', num: 0, text: null, url: null, seconds: null },
          { questionId: 'why', type: 'text', num: null, text: null, url: 'https://rec.example/RE2', seconds: 3 },
        ],
      }),
    );
    expect(r.completedAt).toBeNull();
    expect(r.answers).toEqual([
      { questionId: 'q1', type: 'nps', value: 0, comment: null, recording: null },
      {
        questionId: 'why',
        type: 'text',
        value: null,
        comment: null,
        recording: { url: 'https://rec.example/RE2', seconds: 3 },
      },
    ]);
  });
});

describe('questionColumns', () => {
  it('gives scales a comment, open questions a recording, in first-seen order without repeats', () => {
    expect(
      questionColumns([
        { id: 'q1', type: 'nps' },
        { id: 'why', type: 'text' },
        { id: 'fcr', type: 'yes_no' },
        { id: 'q1', type: 'nps' },
        { id: 'pick', type: 'single_choice' },
        { id: 'sat', type: 'csat' },
      ]),
    ).toEqual([
      { questionId: 'q1', comment: true, recording: false },
      { questionId: 'why', comment: false, recording: true },
      { questionId: 'fcr', comment: false, recording: false },
      { questionId: 'pick', comment: false, recording: false },
      { questionId: 'sat', comment: true, recording: false },
    ]);
  });

  it('merges the columns of an id that changed type between versions', () => {
    expect(
      questionColumns([
        { id: 'x', type: 'ces' },
        { id: 'x', type: 'text' },
      ]),
    ).toEqual([{ questionId: 'x', comment: true, recording: true }]);
  });
});

describe('CSV rows', () => {
  it('has a fixed header, answers.<id> columns and otherAnswers last', () => {
    expect(csvHeader(COLUMNS)).toEqual([
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
      'answers.fcr',
      'otherAnswers',
    ]);
  });

  it('puts each answer under its columns, properties as JSON, blanks for unanswered', () => {
    const values = csvValues(
      toExportRecord(
        row({ answers: [{ questionId: 'q1', type: 'nps', num: 4, text: null, url: null, seconds: null }] }),
      ),
      COLUMNS,
    );
    expect(values).toHaveLength(csvHeader(COLUMNS).length);
    expect(values.slice(18)).toEqual([
      '{"team":"billing","note":"=1+1"}',
      4,
      null,
      undefined,
      undefined,
      undefined,
      undefined,
      null,
    ]);
  });

  it('moves answers the columns cannot show to otherAnswers, whole', () => {
    const values = csvValues(
      toExportRecord(
        row({
          answers: [
            { questionId: 'gone', type: 'csat', num: 5, text: null, url: null, seconds: null },
            {
              questionId: 'fcr',
              type: 'nps',
              num: 8,
              text: 'a comment fcr has no column for',
              url: null,
              seconds: null,
            },
          ],
        }),
      ),
      COLUMNS,
    );
    expect(values[24]).toBeUndefined();
    expect(JSON.parse(values[25] as string)).toEqual([
      { questionId: 'gone', type: 'csat', value: 5, comment: null, recording: null },
      { questionId: 'fcr', type: 'nps', value: 8, comment: 'a comment fcr has no column for', recording: null },
    ]);
  });

  it('encodes a page: BOM and header once, RFC 4180 quoting, formula guard on text cells', () => {
    const encoder = csvEncoder(COLUMNS, true);
    expect(encoder.contentType).toBe('text/csv; charset=utf-8');
    expect(encoder.head.startsWith('\uFEFFresponseId,invitationId,')).toBe(true);
    expect(encoder.head.endsWith(',answers.fcr,otherAnswers\r\n')).toBe(true);
    const line = encoder.page([
      row({
        answers: [
          {
            questionId: 'why',
            type: 'text',
            num: null,
            text: '=HYPERLINK("x")\nsecond line',
            url: null,
            seconds: null,
          },
        ],
      }),
    ]);
    expect(line).toBe(
      'r1,i1,c1,After support,s1,2,sms,2026-03-01T10:00:00.123Z,2026-03-01T10:05:00.000Z,true,false,,cust-1,jane@example.com,' +
        `'+358401234567,"Doe, ""Jane""",fi,ticket.closed,"{""team"":""billing"",""note"":""=1+1""}",,,"'=HYPERLINK(""x"")\nsecond line",,,,\r\n`,
    );
    expect(csvEncoder(COLUMNS, false).head.startsWith('responseId')).toBe(true);
  });
});

describe('NDJSON', () => {
  it('writes one JSON object per line, text exactly as stored', () => {
    const encoder = ndjsonEncoder();
    const out = encoder.page([row(), row({ id: 'r2', contact_name: 'line\nbreak' })]);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]).contact.name).toBe('Doe, "Jane"');
    expect(JSON.parse(lines[1])).toMatchObject({
      responseId: 'r2',
      contact: { name: 'line\nbreak' },
      event: { properties: { note: '=1+1' } },
    });
    expect(encoder.head).toBe('');
  });
});
