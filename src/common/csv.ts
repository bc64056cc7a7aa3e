/**
 * CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields with a quote, comma or line
 * break wrapped in double quotes, inner quotes doubled), with OWASP's guard against formula injection.
 */

/** A cell: text is guarded and quoted as needed; numbers and booleans are written as they are; null is an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula
 * (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`), tab and carriage return included because spreadsheets
 * trim them first. OWASP's advice: prefix such a cell with a single quote so it stays text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Prepended to a CSV body so Excel reads it as UTF-8 (without it, "ä" arrives as "Ã¤"). */
export const UTF8_BOM = '\uFEFF';

/**
 * One cell. The injection guard applies to text only: it comes from customers and CRMs, while
 * numbers and booleans are our own values and must stay numeric for the spreadsheet.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]);
  return `${line}\r\n`;
}
