import { textLanguageOf } from './text-language';

describe('textLanguageOf', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['fi', 'fi'],
    ['fi_FI', 'fi'],
    ['sv-FI', 'sv'],
    ['SV-se', 'sv'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn', null],
    ['de', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['not a tag', null],
  ])('%p → %p', (locale, expected) => {
    expect(textLanguageOf(locale)).toBe(expected);
  });
});
