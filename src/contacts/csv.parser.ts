/**
 * CSV reading for uploads people make from spreadsheets: RFC 4180 quoting (quoted delimiters,
 * doubled quotes, line breaks inside quotes), CRLF, LF or a lone CR (old Mac Excel) between
 * records, an optional UTF-8 BOM, and a comma or semicolon delimiter (Excel in Finnish, German or
 * French locales writes semicolons) chosen from the header line.
 */

export type CsvDelimiter = ',' | ';';

/** One record with the physical line it starts on (1 = first line of the file), as a spreadsheet numbers it. */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** Set when the record's quoting is broken; its cells are a best effort and should not be trusted. */
  problem?: string;
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** Every non-blank record, the header first. */
  records: CsvRecord[];
}

/**
 * The delimiter is whichever of `,` and `;` occurs more often outside quotes on the first line;
 * a one-column header has neither and reads as comma-separated.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits text into records. Blank lines, and lines of delimiters and spaces only (spreadsheets
 * export empty rows that way), are left out without shifting the line numbers of the rest. Malformed quoting
 * never throws: the record carries a `problem` so one bad row is reported, not the whole file.
 */
export function parseCsv(input: string): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let problem: string | undefined;
    let cell = '';
    let ended = false;
    while (!ended) {
      if (text[i] === '"') {
        // A quoted cell runs to the next lone quote; `""` inside it is one quote.
        const open = line;
        i++;
        let closed = false;
        while (i < text.length) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          cell += ch;
          i++;
        }
        if (!closed) problem ??= `A quoted cell opened on line ${open} is never closed`;
        else if (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          problem ??= `Unexpected text after the closing quote of cell ${cells.length + 1}`;
        }
      }
      // Unquoted text (or what follows a malformed closing quote) runs to the delimiter or line end.
      const from = i;
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
      cell += text.slice(from, i);
      cells.push(cell);
      cell = '';
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r') i += text[i + 1] === '\n' ? 2 : 1;
      else if (text[i] === '\n') i++;
      line++;
      ended = true;
    }
    if (cells.some((c) => c.trim() !== '') || problem)
      records.push(problem ? { line: start, cells, problem } : { line: start, cells });
  }
  return { delimiter, records };
}
