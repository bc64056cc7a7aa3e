import { csvCell, csvLine } from './csv';

describe('csvCell (RFC 4180)', () => {
  it.each<[string, string | number | boolean | null | undefined, string]>([
    ['plain text as it is', 'billing', 'billing'],
    ['an empty string as an empty cell', '', ''],
    ['null as an empty cell', null, ''],
    ['undefined as an empty cell', undefined, ''],
    ['a comma inside quotes', 'Doe, Jane', '"Doe, Jane"'],
    ['inner quotes doubled', 'say "hi"', '"say ""hi"""'],
    ['a line feed inside quotes', 'line 1\nline 2', '"line 1\nline 2"'],
    ['a CRLF inside quotes', 'line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['non-ASCII untouched', 'Hyvä palvelu ✓', 'Hyvä palvelu ✓'],
    ['a number as written', 9, '9'],
    ['zero', 0, '0'],
    ['a non-finite number as an empty cell', Number.NaN, ''],
    ['booleans as true/false', true, 'true'],
  ])('writes %s', (_label, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('csvCell formula-injection guard (OWASP)', () => {
  it.each<[string, string]>([
    ['=1+1', "'=1+1"],
    ['+358401234567', "'+358401234567"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['=1,2', `"'=1,2"`],
  ])('prefixes %j with a single quote (then quotes as RFC 4180 needs)', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves cells alone that only contain those characters later on', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('mail@example.com')).toBe('mail@example.com');
    expect(csvCell(' =1')).toBe(' =1');
  });

  it('never guards our own numbers (they must stay numeric)', () => {
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c', false])).toBe('a,1,,"b,c",false\r\n');
  });

  it('writes an empty record as a bare CRLF', () => {
    expect(csvLine([])).toBe('\r\n');
  });
});
