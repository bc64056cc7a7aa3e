import { UI_STRINGS } from '../i18n/ui-strings';
import { answerOptions } from './answer-options';
import type { Question } from './survey-definition';

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
