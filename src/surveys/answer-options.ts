import { pickText } from '../i18n/locale';
import type { UiStrings } from '../i18n/ui-strings';
import { type Question, SCALE_RANGES } from './survey-definition';

/** One clickable answer: the submitted value, its visible label, and an optional caption. */
export interface AnswerOption {
  value: string | number;
  label: string;
  /** CES agreement text shown beside the number. */
  caption?: string;
}

/**
 * Answer options of a closed question in display order, shared by email and web so both
 * offer identical values. `choiceLabels` are the already-localized choice labels; without
 * them a choice falls back to its first label. Free text has no options.
 */
export function answerOptions(
  question: Question,
  strings: UiStrings,
  choiceLabels?: ReadonlyArray<{ id: string; label: string }>,
): AnswerOption[] {
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces': {
      const { min, max } = SCALE_RANGES[question.type];
      return Array.from({ length: max - min + 1 }, (_, i) => ({
        value: min + i,
        label: String(min + i),
        caption: question.type === 'ces' ? strings.cesLabels[i] : undefined,
      }));
    }
    case 'yes_no':
      return [
        { value: 'yes', label: strings.yes },
        { value: 'no', label: strings.no },
      ];
    case 'single_choice':
      return (question.choices ?? []).map((c) => ({
        value: c.id,
        label: choiceLabels?.find((l) => l.id === c.id)?.label ?? (pickText(c.label, []).text || c.id),
      }));
    case 'text':
      return [];
  }
}

/** Captions for the two ends of an NPS or CSAT scale; CES labels every point instead. */
export function scaleEndLabels(question: Question, strings: UiStrings): { low: string; high: string } | undefined {
  if (question.type === 'nps') return { low: strings.npsLow, high: strings.npsHigh };
  if (question.type === 'csat') return { low: strings.csatLow, high: strings.csatHigh };
  return undefined;
}
