import { SUPPORTED_UI_LOCALES } from './locale';
import { SIGN_IN_STRINGS } from './sign-in-strings';

describe('SIGN_IN_STRINGS', () => {
  const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

  it.each(SUPPORTED_UI_LOCALES)('%s has text for every key, with the placeholders of the English text', (locale) => {
    for (const [key, english] of Object.entries(SIGN_IN_STRINGS.en)) {
      const text = SIGN_IN_STRINGS[locale][key as keyof typeof SIGN_IN_STRINGS.en];
      expect({ key, empty: text.trim() === '', p: placeholders(text) }).toEqual({
        key,
        empty: false,
        p: placeholders(english),
      });
    }
  });

  it('labels the address field "Email" in English', () => {
    expect(SIGN_IN_STRINGS.en.emailLabel).toBe('Email');
  });

  it('says something of its own in each language (no English left in a translation)', () => {
    for (const locale of ['fi', 'sv', 'nb'] as const)
      expect(SIGN_IN_STRINGS[locale].expiredTitle).not.toBe(SIGN_IN_STRINGS.en.expiredTitle);
  });
});
