import { ContactColumn, contactFromRow, planContactImport, readContactHeader } from './contact-csv';
import { CsvRecord } from './csv.parser';

const columnsOf = (cells: string[]): ContactColumn[] => {
  const read = readContactHeader(cells);
  if ('errors' in read) throw new Error(JSON.stringify(read.errors));
  return read.columns;
};

const HEADER = [
  'externalId',
  'email',
  'phone',
  'country',
  'name',
  'locale',
  'timezone',
  'attributes.plan',
  'attributes.Tier',
];
const row = (line: number, ...cells: string[]): CsvRecord => ({ line, cells });

describe('readContactHeader', () => {
  it('maps fields case-insensitively and keeps attribute keys as written', () => {
    expect(columnsOf(['ExternalID', ' Email ', 'attributes.Plan Name', 'ATTRIBUTES.x'])).toEqual([
      { field: 'externalId' },
      { field: 'email' },
      { attribute: 'Plan Name' },
      { attribute: 'x' },
    ]);
  });

  it.each<[string, string[], string[]]>([
    ['unknown columns, by name', ['externalId', 'emial', 'attr.plan'], ['emial', 'attr.plan']],
    ['an unnamed column', ['externalId', '', 'email'], ['(column 2)']],
    ['a repeated column', ['externalId', 'email', 'EMAIL'], ['EMAIL']],
    ['an attribute without a key', ['externalId', 'attributes.'], ['attributes.']],
    ['no externalId column', ['email', 'phone'], ['externalId']],
  ])('refuses %s', (_, cells, paths) => {
    const read = readContactHeader(cells);
    expect('errors' in read && read.errors.map((e) => e.path)).toEqual(paths);
  });
});

describe('contactFromRow', () => {
  const columns = columnsOf(HEADER);

  it('builds the contact the event API accepts: trimmed, E.164 phone, lower-case email, string attributes', () => {
    const result = contactFromRow(
      columns,
      row(2, ' c-1 ', 'Anna@Example.COM', '040 1234567', 'fi', 'Anna', 'fi-FI', 'Europe/Helsinki', 'gold', '00100'),
    );
    expect(result).toEqual({
      input: {
        externalId: 'c-1',
        email: 'anna@example.com',
        phone: '+358401234567',
        country: 'FI',
        name: 'Anna',
        locale: 'fi-FI',
        timezone: 'Europe/Helsinki',
        attributes: { plan: 'gold', Tier: '00100' },
      },
    });
  });

  it('leaves empty and blank cells out (not given), and a short row is empty at the end', () => {
    expect(contactFromRow(columns, row(2, 'c-1', '', '  ', '', 'Anna'))).toEqual({
      input: { externalId: 'c-1', name: 'Anna', phone: undefined },
    });
  });

  it.each<[string, string[], Array<[string, RegExp]>]>([
    ['a bad email', ['c-1', 'not-an-email'], [['email', /email/i]]],
    ['a bad phone', ['c-1', '', '12345'], [['phone', /phone/i]]],
    ['a national number without country', ['c-1', '', '040 1234567'], [['phone', /phone/i]]],
    ['a bad time zone', ['c-1', '', '', '', '', '', 'Mars/Olympus'], [['timezone', /IANA/]]],
    ['a bad locale', ['c-1', '', '', '', '', 'fi FI'], [['locale', /locale/]]],
    ['a missing externalId', ['', 'a@example.com'], [['externalId', /Required/]]],
    [
      'several bad fields at once',
      ['', 'nope', '', '', '', '', 'Nowhere'],
      [
        ['externalId', /Required/],
        ['email', /email/i],
        ['timezone', /IANA/],
      ],
    ],
    [
      'more filled cells than columns',
      ['c-1', '', '', '', '', '', '', '', '', 'stray'],
      [['(row)', /header names 9 columns/]],
    ],
  ])('rejects %s, naming the field', (_, cells, expected) => {
    const result = contactFromRow(columns, row(7, ...cells));
    expect('errors' in result && result.errors.map((e) => e.path)).toEqual(expected.map(([path]) => path));
    if ('errors' in result) expected.forEach(([, message], i) => expect(result.errors[i].message).toMatch(message));
  });

  it('accepts empty cells past the last column', () => {
    expect(contactFromRow(columns, row(2, 'c-1', '', '', '', '', '', '', '', '', '', ' '))).toHaveProperty(
      'input.externalId',
      'c-1',
    );
  });

  it('rejects a row with broken quoting', () => {
    expect(
      contactFromRow(columns, { line: 3, cells: ['c-1'], problem: 'A quoted cell opened on line 3 is never closed' }),
    ).toEqual({
      errors: [{ path: '(row)', message: 'A quoted cell opened on line 3 is never closed' }],
    });
  });
});

describe('planContactImport', () => {
  const columns = columnsOf(['externalId', 'email', 'attributes.plan']);

  it('keeps file order, reports rejected rows by line, and lists later rows for a seen externalId as duplicates', () => {
    const plan = planContactImport(columns, [
      row(2, 'a', 'a@example.com', 'gold'),
      row(3, 'b', 'bad'),
      row(5, 'a', '', 'silver'),
      row(6, '', 'c@example.com'),
      row(7, 'c', 'c@example.com'),
      { line: 8, cells: ['d'], problem: 'A quoted cell opened on line 8 is never closed' },
    ]);
    expect(plan.rows).toBe(6);
    expect(plan.valid.map((v) => [v.line, v.input.externalId, v.repeat])).toEqual([
      [2, 'a', false],
      [5, 'a', true],
      [7, 'c', false],
    ]);
    expect(plan.duplicates).toEqual([{ line: 5, externalId: 'a', firstLine: 2 }]);
    expect(plan.rejected).toEqual([
      { line: 3, externalId: 'b', errors: [{ path: 'email', message: expect.any(String) }] },
      { line: 6, errors: [{ path: 'externalId', message: 'Required: the cell is empty.' }] },
      { line: 8, errors: [{ path: '(row)', message: expect.stringContaining('never closed') }] },
    ]);
  });

  it('does not count a rejected row as the first of its externalId', () => {
    const plan = planContactImport(columns, [row(2, 'a', 'bad'), row(3, 'a', 'a@example.com')]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.valid).toHaveLength(1);
  });
});
