import fc from 'fast-check';

import { startTestApp, TestApp } from '../support/test-app';
import {
  expectNoServerError,
  fuzzParams,
  fuzzTimeout,
  hostileText,
  untouchedData,
  workspaceData,
} from './fuzz-support';

const COLUMNS = ['externalId', 'email', 'phone', 'country', 'name', 'locale', 'timezone', 'attributes.plan'];

/** A cell as spreadsheets write it, or worse: quoted, with quotes and delimiters inside, or hostile. */
const cell = fc.oneof(
  fc.constantFrom(
    'crm-1',
    'crm-2',
    'anna@example.com',
    '040 1234567',
    '+358401234567',
    'FI',
    'fi-FI',
    'Europe/Helsinki',
    'gold',
    '',
  ),
  hostileText,
);

const quoted = (text: string, quote: boolean) => (quote ? `"${text.replaceAll('"', '""')}"` : text);

/** A CSV file's text: a header of known and unknown columns, then rows of cells, in either delimiter and line ending. */
const csvText = fc
  .record({
    header: fc.array(
      fc.oneof(
        fc.constantFrom(...COLUMNS),
        fc.constant('externalId'),
        hostileText.map((k) => `attributes.${k}`),
        hostileText,
      ),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    rows: fc.array(fc.array(fc.tuple(cell, fc.boolean()), { maxLength: 8 }), { maxLength: 6 }),
    delimiter: fc.constantFrom(',', ';'),
    newline: fc.constantFrom('\r\n', '\n', '\r'),
    bom: fc.boolean(),
    brokenQuote: fc.boolean(),
  })
  .map(
    ({ header, rows, delimiter, newline, bom, brokenQuote }) =>
      (bom ? '\ufeff' : '') +
      [header.map((h) => quoted(h, h.includes(delimiter))), ...rows.map((r) => r.map(([c, q]) => quoted(c, q)))]
        .map((r) => r.join(delimiter))
        .join(newline) +
      (brokenQuote ? `${newline}"unclosed` : ''),
  );

/** The bytes of an upload: UTF-8 text, that text as UTF-16 (every other byte a NUL), or any bytes at all. */
const upload = fc.oneof(
  { weight: 4, arbitrary: csvText.map((text) => Buffer.from(text, 'utf8')) },
  { weight: 1, arbitrary: csvText.map((text) => Buffer.from(text, 'utf16le')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
);

jest.setTimeout(fuzzTimeout(60));

/**
 * POST /v1/contacts/import with hostile files: no 5xx; a dry run or a refused file writes
 * nothing; nothing but contacts ever changes, and no other workspace's contacts.
 */
describe('fuzz: CSV contact import', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestApp({
      // Input handling is under test here, not the limits: every generated request must reach its route.
      RATE_LIMIT_ENABLED: 'false',
      ROLE: 'api',
    });
    ({ apiKey: key, workspaceId } = await t.workspace('Fuzz'));
    const other = await t.workspace('Bystander');
    const seeded = await fetch(`${t.baseUrl}/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.apiKey}`, 'content-type': 'text/csv' },
      body: 'externalId,email\ncrm-1,other@example.com\n',
    });
    expect(seeded.status).toBe(200);
  });

  afterAll(() => t?.close());

  it('answers every hostile file below 500 and writes only what it reports', async () => {
    const mayWrite = { workspaceId, tables: ['contacts'] };
    const untouched = await untouchedData(t.db, mayWrite);
    let own = await workspaceData(t.db, workspaceId, ['contacts']);
    await fc.assert(
      fc.asyncProperty(upload, fc.boolean(), async (bytes, dryRun) => {
        const res = await fetch(`${t.baseUrl}/v1/contacts/import${dryRun ? '?dryRun=true' : ''}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv; charset=utf-8' },
          body: bytes,
        });
        const answer = await res.text();
        expectNoServerError(res.status, bytes.toString('utf8'), answer);
        const now = await workspaceData(t.db, workspaceId, ['contacts']);
        if (dryRun || res.status >= 400) expect(now).toEqual(own);
        if (res.status === 200) {
          const report = JSON.parse(answer);
          if (report.imported + report.updated === 0) expect(now).toEqual(own);
        }
        own = now;
      }),
      fuzzParams(60),
    );
    expect(await untouchedData(t.db, mayWrite)).toEqual(untouched);
  });
});
