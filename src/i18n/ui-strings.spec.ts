import { SUPPORTED_UI_LOCALES } from './locale';
import { fill, UI_STRINGS } from './ui-strings';

describe('UI_STRINGS', () => {
  it.each(SUPPORTED_UI_LOCALES)('%s has non-empty text for every key', (locale) => {
    for (const [key, value] of Object.entries(UI_STRINGS[locale])) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) expect({ key, empty: v.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it.each(SUPPORTED_UI_LOCALES)('%s keeps the placeholders of the English text', (locale) => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, value] of Object.entries(UI_STRINGS.en)) {
      if (typeof value !== 'string') continue;
      const translated = UI_STRINGS[locale][key as keyof typeof UI_STRINGS.en] as string;
      expect({ key, p: placeholders(translated) }).toEqual({ key, p: placeholders(value) });
    }
  });

  it('has the agreed Finnish CES labels', () => {
    expect(UI_STRINGS.fi.cesLabels).toEqual([
      'Aivan eri mieltä',
      'Eri mieltä',
      'Jokseenkin eri mieltä',
      'Ei samaa eikä eri mieltä',
      'Jokseenkin samaa mieltä',
      'Samaa mieltä',
      'Täysin samaa mieltä',
    ]);
  });
});

describe('fill', () => {
  it('replaces known placeholders and leaves unknown ones visible', () => {
    expect(fill('{company}: {x} {n}', { company: 'Acme', n: 3 })).toBe('Acme: {x} 3');
  });
});
