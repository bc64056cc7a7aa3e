import { localeChain, normalizeLocale, pickText, uiLocale } from './locale';

describe('localeChain', () => {
  it.each([
    ['nb-NO', 'en', ['nb-NO', 'nb', 'en']],
    ['NB-no', 'en', ['nb-NO', 'nb', 'en']],
    ['fi_FI', 'en', ['fi-FI', 'fi', 'en']],
    ['no', 'en', ['nb', 'en']],
    ['no-NO', 'en', ['nb-NO', 'nb', 'en']],
    ['nn-NO', 'en', ['nn-NO', 'nn', 'en']],
    ['zh-hant-tw', 'en', ['zh-Hant-TW', 'zh-Hant', 'zh', 'en']],
    ['sv', 'sv-FI', ['sv', 'sv-FI']],
    ['en-GB', 'en', ['en-GB', 'en']],
    [undefined, 'fi', ['fi']],
    [null, 'en-US', ['en-US', 'en']],
    ['', 'en', ['en']],
    ['not a tag!', 'en', ['en']],
  ])('(%p, %p) → %p', (requested, fallback, expected) => {
    expect(localeChain(requested, fallback)).toEqual(expected);
  });
});

describe('normalizeLocale', () => {
  it.each([
    [' fi-fi ', 'fi-FI'],
    ['es-419', 'es-419'],
    ['de-CH-1996', 'de-CH-1996'],
    ['*', undefined],
    ['fi--FI', undefined],
  ])('%p → %p', (tag, expected) => expect(normalizeLocale(tag)).toBe(expected));
});

describe('pickText', () => {
  const text = { en: 'Hello', fi: 'Hei', 'sv-FI': 'Hej', no: 'Hei (no)' };

  it.each([
    [['fi-FI', 'fi', 'en'], 'fi', 'Hei'],
    [['en'], 'en', 'Hello'],
    [['sv', 'en'], 'sv-FI', 'Hej'], // same language before the fallback language
    [['nb-NO', 'nb', 'en'], 'no', 'Hei (no)'], // a `no` key serves Bokmål readers
    [['de', 'fr'], 'en', 'Hello'], // nothing matches: first key
    [[], 'en', 'Hello'],
  ])('%p → %p', (chain, locale, value) => {
    expect(pickText(text, chain)).toEqual({ locale, text: value });
  });

  it('prefers an exact regional key over another region', () => {
    expect(pickText({ 'fi-SE': 'a', fi: 'b' }, ['fi-FI', 'fi']).locale).toBe('fi');
    expect(pickText({ 'fi-SE': 'a', 'fi-FI': 'b' }, ['fi-FI', 'fi']).locale).toBe('fi-FI');
  });

  it('treats an empty translation as missing', () => {
    expect(pickText({ fi: '', en: 'Hello' }, ['fi', 'en'])).toEqual({ locale: 'en', text: 'Hello' });
  });

  it('returns empty text for an empty record', () => {
    expect(pickText({}, ['fi'])).toEqual({ locale: 'fi', text: '' });
  });
});

describe('uiLocale', () => {
  it.each([
    [['nb-NO', 'nb', 'en'], 'nb'],
    [['sv-FI', 'sv', 'fi'], 'sv'],
    [['de-DE', 'de', 'fi'], 'fi'],
    [['no'], 'nb'],
    [['de'], 'en'],
    [[], 'en'],
  ])('%p → %p', (chain, expected) => expect(uiLocale(chain)).toBe(expected));
});
