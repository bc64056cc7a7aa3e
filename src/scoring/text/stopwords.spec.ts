import { isStopword, stopwordsFor } from './stopwords';
import type { TextLanguage } from './text-language';

describe('stop-words', () => {
  it.each<[TextLanguage, string, boolean]>([
    ['en', 'the', true],
    ['en', 'was', true],
    ['en', 'really', true],
    ['en', 'queue', false],
    ['en', 'not', true],
    ['fi', 'oli', true],
    ['fi', 'että', true],
    ['fi', 'todella', true],
    ['fi', 'jonotus', false],
    ['fi', 'liian', false],
    ['sv', 'var', true],
    ['sv', 'och', true],
    ['sv', 'väldigt', true],
    ['sv', 'kön', false],
    ['nb', 'og', true],
    ['nb', 'veldig', true],
    ['nb', 'kø', false],
  ])('%s %p → %p', (language, word, expected) => {
    expect(isStopword(word, language)).toBe(expected);
  });

  it('removes nothing for a language without a list', () => {
    expect(stopwordsFor(null).size).toBe(0);
    expect(isStopword('the', null)).toBe(false);
  });

  it('has a real list for every supported language', () => {
    for (const language of ['en', 'fi', 'sv', 'nb'] as const) expect(stopwordsFor(language).size).toBeGreaterThan(100);
  });
});
