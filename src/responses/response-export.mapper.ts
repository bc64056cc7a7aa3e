import { csvLine, CsvValue, UTF8_BOM } from '../common/csv';
import { isScaleType, QuestionType } from '../surveys/survey-definition';

/** One response as the export query returns it (snake_case, straight from pg). */
export interface ExportRow {
  id: string;
  invitation_id: string;
  campaign_id: string;
  campaign_name: string;
  survey_id: string;
  survey_version: number;
  channel: string;
  created_at: Date;
  completed_at: Date | null;
  completed: boolean;
  late: boolean;
  unparsed_text: string | null;
  external_id: string;
  email: string | null;
  phone: string | null;
  contact_name: string | null;
  locale: string | null;
  event_type: string;
  properties: Record<string, unknown>;
  answers: Array<{
    questionId: string;
    type: string;
    num: number | null;
    text: string | null;
    url: string | null;
    seconds: number | null;
  }>;
}

export interface ExportAnswer {
  questionId: string;
  type: string;
  /** The score, the choice, the text, or a phone recording's transcription; null for a recording not (yet) transcribed. */
  value: number | string | null;
  /** Words sent with a score ("9, quick and friendly"). */
  comment: string | null;
  recording: { url: string; seconds: number | null } | null;
}

/** One NDJSON line: a response with its answers, contact, campaign, survey version and triggering event. */
export interface ExportRecord {
  responseId: string;
  invitationId: string;
  campaignId: string;
  campaignName: string;
  surveyId: string;
  surveyVersion: number;
  channel: string;
  createdAt: string;
  completedAt: string | null;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  contact: {
    externalId: string;
    email: string | null;
    phone: string | null;
    name: string | null;
    locale: string | null;
  };
  event: { type: string; properties: Record<string, unknown> };
  answers: ExportAnswer[];
}

export function toExportRecord(row: ExportRow): ExportRecord {
  return {
    responseId: row.id,
    invitationId: row.invitation_id,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    channel: row.channel,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    completed: row.completed,
    late: row.late,
    unparsedText: row.unparsed_text,
    contact: {
      externalId: row.external_id,
      email: row.email,
      phone: row.phone,
      name: row.contact_name,
      locale: row.locale,
    },
    event: { type: row.event_type, properties: row.properties },
    answers: row.answers.map((a) => ({
      questionId: a.questionId,
      type: a.type,
      value: a.num ?? a.text,
      // A scale answer's text is the comment sent with the score; any other answer's text is the answer.
      comment: a.num !== null ? a.text : null,
      recording: a.url !== null ? { url: a.url, seconds: a.seconds } : null,
    })),
  };
}

export const ndjsonLine = (record: ExportRecord): string => `${JSON.stringify(record)}\n`;

/** The CSV columns one question gets: its value, plus a comment for scales and the recording for open questions (phone). */
export interface QuestionColumns {
  questionId: string;
  comment: boolean;
  recording: boolean;
}

/**
 * Columns for every question of the survey versions in scope, in the order they first appear. A
 * question id reused with another type across versions gets the columns of every type it had.
 */
export function questionColumns(questions: ReadonlyArray<{ id: string; type: QuestionType }>): QuestionColumns[] {
  const byId = new Map<string, QuestionColumns>();
  for (const q of questions) {
    const col = byId.get(q.id) ?? { questionId: q.id, comment: false, recording: false };
    col.comment ||= isScaleType(q.type);
    col.recording ||= q.type === 'text';
    byId.set(q.id, col);
  }
  return [...byId.values()];
}

const FIXED_HEADER = [
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
];

/**
 * Question columns are `answers.<id>` (never a fixed column's name, whatever the id) and the last
 * column, `otherAnswers`, holds as JSON any answer the columns cannot show (a question missing
 * from the versions in scope), so no answer is ever dropped from a CSV.
 */
export function csvHeader(columns: readonly QuestionColumns[]): string[] {
  const header = [...FIXED_HEADER];
  for (const c of columns) {
    header.push(`answers.${c.questionId}`);
    if (c.comment) header.push(`answers.${c.questionId}.comment`);
    if (c.recording) header.push(`answers.${c.questionId}.recordingUrl`, `answers.${c.questionId}.recordingSeconds`);
  }
  header.push('otherAnswers');
  return header;
}

/** One CSV record's cells, in csvHeader's order. */
export function csvValues(r: ExportRecord, columns: readonly QuestionColumns[]): CsvValue[] {
  const values: CsvValue[] = [
    r.responseId,
    r.invitationId,
    r.campaignId,
    r.campaignName,
    r.surveyId,
    r.surveyVersion,
    r.channel,
    r.createdAt,
    r.completedAt,
    r.completed,
    r.late,
    r.unparsedText,
    r.contact.externalId,
    r.contact.email,
    r.contact.phone,
    r.contact.name,
    r.contact.locale,
    r.event.type,
    JSON.stringify(r.event.properties),
  ];
  const byId = new Map(r.answers.map((a) => [a.questionId, a]));
  for (const c of columns) {
    const found = byId.get(c.questionId);
    // An answer with a part its columns lack (a comment, a recording) goes whole to otherAnswers.
    const a =
      found && (c.comment || found.comment === null) && (c.recording || found.recording === null) ? found : undefined;
    if (a) byId.delete(c.questionId);
    values.push(a?.value);
    if (c.comment) values.push(a?.comment);
    if (c.recording) values.push(a?.recording?.url, a?.recording?.seconds);
  }
  values.push(byId.size ? JSON.stringify([...byId.values()]) : null);
  return values;
}

/** Turns pages of rows into the bytes of one export format. */
export interface ExportEncoder {
  contentType: string;
  extension: string;
  /** What comes before the first row (CSV: BOM and header). */
  head: string;
  page(rows: readonly ExportRow[]): string;
}

export function ndjsonEncoder(): ExportEncoder {
  return {
    contentType: 'application/x-ndjson',
    extension: 'ndjson',
    head: '',
    page: (rows) => rows.map((row) => ndjsonLine(toExportRecord(row))).join(''),
  };
}

export function csvEncoder(columns: readonly QuestionColumns[], bom: boolean): ExportEncoder {
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    head: (bom ? UTF8_BOM : '') + csvLine(csvHeader(columns)),
    page: (rows) => rows.map((row) => csvLine(csvValues(toExportRecord(row), columns))).join(''),
  };
}
