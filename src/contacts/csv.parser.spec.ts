import { CsvRecord, detectDelimiter, parseCsv } from './csv.parser';

const rec = (line: number, ...cells: string[]): CsvRecord => ({ line, cells });

describe('parseCsv', () => {
  it.each<[string, string, CsvRecord[]]>([
    ['plain LF', 'a,b\n1,2\n', [rec(1, 'a', 'b'), rec(2, '1', '2')]],
    ['CRLF', 'a,b\r\n1,2\r\n', [rec(1, 'a', 'b'), rec(2, '1', '2')]],
    ['a lone CR (old Mac Excel)', 'a,b\r1,2\r3,4', [rec(1, 'a', 'b'), rec(2, '1', '2'), rec(3, '3', '4')]],
    ['no final line break', 'a,b\n1,2', [rec(1, 'a', 'b'), rec(2, '1', '2')]],
    ['a leading BOM', '\uFEFFa,b\n1,2', [rec(1, 'a', 'b'), rec(2, '1', '2')]],
    ['quoted delimiter', 'a,b\n"x,y",2', [rec(1, 'a', 'b'), rec(2, 'x,y', '2')]],
    ['doubled quotes', 'a\n"say ""hi"""', [rec(1, 'a'), rec(2, 'say "hi"')]],
    ['an empty quoted cell', 'a,b\n"",2', [rec(1, 'a', 'b'), rec(2, '', '2')]],
    [
      'a quoted LF keeps later line numbers',
      'a,b\n"one\ntwo",2\n3,4',
      [rec(1, 'a', 'b'), rec(2, 'one\ntwo', '2'), rec(4, '3', '4')],
    ],
    [
      'a quoted CRLF keeps later line numbers',
      'a,b\r\n"one\r\ntwo\r\nthree",2\r\n3,4',
      [rec(1, 'a', 'b'), rec(2, 'one\r\ntwo\r\nthree', '2'), rec(5, '3', '4')],
    ],
    ['a quote inside an unquoted cell is text', 'a,b\n5" screen,2', [rec(1, 'a', 'b'), rec(2, '5" screen', '2')]],
    ['blank lines are skipped but counted', 'a\n\n1\n\r\n\n2\n\n', [rec(1, 'a'), rec(3, '1'), rec(6, '2')]],
    ['rows of delimiters and spaces are blank', 'a,b\n,\n , \n1,2', [rec(1, 'a', 'b'), rec(4, '1', '2')]],
    ['a short row keeps its cells', 'a,b,c\n1', [rec(1, 'a', 'b', 'c'), rec(2, '1')]],
    ['a long row keeps its cells', 'a\n1,2,3', [rec(1, 'a'), rec(2, '1', '2', '3')]],
    ['a trailing delimiter is an empty cell', 'a,b,\n1,2,', [rec(1, 'a', 'b', ''), rec(2, '1', '2', '')]],
    ['spaces are kept (the caller trims)', 'a, b \n 1 ,2', [rec(1, 'a', ' b '), rec(2, ' 1 ', '2')]],
    ['semicolons', 'a;b\n"x;y";2,5', [rec(1, 'a', 'b'), rec(2, 'x;y', '2,5')]],
    ['semicolons after a BOM, CRLF', '\uFEFFa;b\r\n1;2\r\n', [rec(1, 'a', 'b'), rec(2, '1', '2')]],
    ['empty text', '', []],
    ['only a BOM', '\uFEFF', []],
  ])('reads %s', (_, text, expected) => {
    expect(parseCsv(text).records).toEqual(expected);
  });

  it.each<[string, string, CsvRecord[]]>([
    [
      'a quote never closed: the rest of the file is one bad row',
      'a,b\n1,2\n"3,4\n5,6',
      [
        rec(1, 'a', 'b'),
        rec(2, '1', '2'),
        { line: 3, cells: ['3,4\n5,6'], problem: 'A quoted cell opened on line 3 is never closed' },
      ],
    ],
    [
      'text after a closing quote: that row only',
      'a,b\n"x"y,2\n3,4',
      [
        rec(1, 'a', 'b'),
        { line: 2, cells: ['xy', '2'], problem: 'Unexpected text after the closing quote of cell 1' },
        rec(3, '3', '4'),
      ],
    ],
  ])('flags %s', (_, text, expected) => {
    expect(parseCsv(text).records).toEqual(expected);
  });
});

describe('detectDelimiter', () => {
  it.each<[string, string, ',' | ';']>([
    ['commas', 'externalId,email,phone', ','],
    ['semicolons', 'externalId;email;phone', ';'],
    ['one column', 'externalId\n1;2;3', ','],
    ['the majority outside quotes', '"a,b,c";d;e', ';'],
    ['only the first line', 'a,b\n1;2;3;4', ','],
    ['a tie as comma', 'a,b;c', ','],
  ])('picks %s', (_, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
