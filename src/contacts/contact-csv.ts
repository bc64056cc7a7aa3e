import { FieldError } from '../common/problem';
import { unstorableText } from '../common/storable-input';
import { toFieldErrors } from '../common/zod-validation';
import { ContactInput, contactInputSchema } from './contact-input';
import { CsvRecord } from './csv.parser';

/**
 * Columns are the event contact's own fields, so a CSV and an event describe a contact in the
 * same words and the schema's rules apply unchanged; `attributes` is spread over its own columns.
 */
const FIELD_COLUMNS = Object.keys(contactInputSchema.in.shape).filter((k) => k !== 'attributes');

/** `attributes.plan` sets attribute `plan`, the same path a field error names. */
export const ATTRIBUTE_PREFIX = 'attributes.';

/** A NUL in the header is almost always a UTF-16 file ("Unicode text"), which has one in every other byte. */
const NUL_IN_HEADER =
  'The column name contains a NUL character (U+0000): is the file UTF-16? Save it as "CSV UTF-8 (Comma delimited)".';

/** What one header cell maps to. */
export type ContactColumn = { field: string } | { attribute: string };

/** A row the import will not write, with every reason, by the file's physical line. */
export interface RejectedRow {
  line: number;
  externalId?: string;
  errors: FieldError[];
}

/** A later row for an externalId seen earlier in the file: both are applied, in file order. */
export interface DuplicateRow {
  line: number;
  externalId: string;
  firstLine: number;
}

export interface ContactImportPlan {
  /** Data rows, blank lines not counted. */
  rows: number;
  /** Valid rows in file order; `repeat` marks a later row for an externalId already listed. */
  valid: Array<{ line: number; input: ContactInput; repeat: boolean }>;
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
}

/**
 * Maps header cells to columns. Field names match case-insensitively (`Email` is `email`);
 * attribute keys keep their case. Any unknown, empty or repeated name is an error, so a typo such
 * as `emial` stops the import instead of silently dropping a column.
 */
export function readContactHeader(cells: string[]): { columns: ContactColumn[] } | { errors: FieldError[] } {
  const columns: ContactColumn[] = [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  cells.forEach((raw, index) => {
    const name = raw.trim();
    const at = `column ${index + 1}`;
    const field = FIELD_COLUMNS.find((f) => f.toLowerCase() === name.toLowerCase());
    const attribute = name.toLowerCase().startsWith(ATTRIBUTE_PREFIX)
      ? name.slice(ATTRIBUTE_PREFIX.length).trim()
      : undefined;
    const column = field ? { field } : attribute ? { attribute } : undefined;
    const key = field ?? `${ATTRIBUTE_PREFIX}${attribute}`;
    if (unstorableText(raw)) errors.push({ path: `(${at})`, message: NUL_IN_HEADER });
    else if (!name) errors.push({ path: `(${at})`, message: 'The column has no name.' });
    else if (!column)
      errors.push({
        path: name,
        message: `Unknown column (${at}); expected ${FIELD_COLUMNS.join(', ')} or ${ATTRIBUTE_PREFIX}<key>.`,
      });
    else if (seen.has(key)) errors.push({ path: name, message: `The column ${key} appears twice (${at}).` });
    else {
      seen.add(key);
      columns.push(column);
    }
  });
  if (!errors.length && !seen.has('externalId'))
    errors.push({ path: 'externalId', message: 'The header must have an externalId column.' });
  return errors.length ? { errors } : { columns };
}

/**
 * One data row → the contact the event API would accept, or why not. Cells are trimmed and an
 * empty cell means "not given" (the stored value is kept), as a missing field does in an event.
 */
export function contactFromRow(
  columns: ContactColumn[],
  record: CsvRecord,
): { input: ContactInput } | { errors: FieldError[] } {
  if (record.problem) return { errors: [{ path: '(row)', message: record.problem }] };
  const extra = record.cells.slice(columns.length).filter((c) => c.trim() !== '').length;
  if (extra) {
    const message = `The row has ${columns.length + extra} or more cells but the header names ${columns.length} columns (an unquoted delimiter inside a value?).`;
    return { errors: [{ path: '(row)', message }] };
  }
  const unstorable = columns.flatMap((column, index) => {
    const reason = record.cells[index] === undefined ? null : unstorableText(record.cells[index]);
    return reason
      ? [{ path: 'field' in column ? column.field : `${ATTRIBUTE_PREFIX}${column.attribute}`, message: reason }]
      : [];
  });
  if (unstorable.length) return { errors: unstorable };
  const contact: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  columns.forEach((column, index) => {
    const value = record.cells[index]?.trim();
    if (!value) return;
    if ('field' in column) contact[column.field] = value;
    else attributes[column.attribute] = value;
  });
  if (Object.keys(attributes).length) contact.attributes = attributes;
  const result = contactInputSchema.safeParse(contact);
  if (result.success) return { input: result.data };
  // zod's "expected string, received undefined" means an empty cell here.
  const errors = toFieldErrors(result.error).map((e) =>
    contact[e.path] === undefined && !e.path.includes('.') ? { ...e, message: 'Required: the cell is empty.' } : e,
  );
  return { errors };
}

/** Validates every data row; the later of two rows for one externalId is listed as a duplicate, not rejected. */
export function planContactImport(columns: ContactColumn[], records: CsvRecord[]): ContactImportPlan {
  const plan: ContactImportPlan = { rows: records.length, valid: [], rejected: [], duplicates: [] };
  const firstLines = new Map<string, number>();
  for (const record of records) {
    const row = contactFromRow(columns, record);
    if ('errors' in row) {
      const index = columns.findIndex((c) => 'field' in c && c.field === 'externalId');
      const externalId = record.problem ? undefined : record.cells[index]?.trim() || undefined;
      plan.rejected.push({ line: record.line, ...(externalId ? { externalId } : {}), errors: row.errors });
      continue;
    }
    const { externalId } = row.input;
    const firstLine = firstLines.get(externalId);
    if (firstLine === undefined) firstLines.set(externalId, record.line);
    else plan.duplicates.push({ line: record.line, externalId, firstLine });
    plan.valid.push({ line: record.line, input: row.input, repeat: firstLine !== undefined });
  }
  return plan;
}
