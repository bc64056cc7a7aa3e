import type { Question } from '../surveys/survey-definition';
import { SUPPORTED_UI_LOCALES } from './locale';
import { answerOptions, fill, UI_STRINGS } from './ui-strings';

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

describe('answerOptions', () => {
  const q = (type: Question['type'], extra: Partial<Question> = {}): Question => ({
    id: 'q',
    type,
    text: { en: 'Q' },
    ...extra,
  });

  it('covers each scale range', () => {
    expect(answerOptions(q('nps'), UI_STRINGS.en).map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(answerOptions(q('csat'), UI_STRINGS.en)).toHaveLength(5);
    expect(answerOptions(q('ces'), UI_STRINGS.fi)[3]).toEqual({
      value: 4,
      label: '4',
      caption: 'Ei samaa eikä eri mieltä',
    });
  });

  it('labels choices from the given labels, else their first label', () => {
    const choices = [
      { id: 'a', label: { en: 'A' } },
      { id: 'b', label: { en: 'B' } },
    ];
    expect(answerOptions(q('single_choice', { choices }), UI_STRINGS.fi, [{ id: 'a', label: 'Ä' }])).toEqual([
      { value: 'a', label: 'Ä' },
      { value: 'b', label: 'B' },
    ]);
    expect(answerOptions(q('yes_no'), UI_STRINGS.sv).map((o) => o.label)).toEqual(['Ja', 'Nej']);
    expect(answerOptions(q('text'), UI_STRINGS.en)).toEqual([]);
  });
});
