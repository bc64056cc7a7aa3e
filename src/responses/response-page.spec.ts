import type { SurveyDefinition } from '../surveys/survey-definition';
import { inQuestionOrder, pageAnswer } from './response-page';
import type { PageAnswerJson } from './response-page.repository';

const definition: SurveyDefinition = {
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'Recommend?', fi: 'Suosittelisitko?' } },
    {
      id: 'topic',
      type: 'single_choice',
      text: { en: 'About?' },
      choices: [
        { id: 'billing', label: { en: 'Billing', fi: 'Laskutus' } },
        { id: 'other', label: { en: 'Other' } },
      ],
    },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
  ],
};

const answer = (questionId: string, over: Partial<PageAnswerJson> = {}): PageAnswerJson => ({
  questionId,
  type: 'text',
  valueNum: null,
  valueText: null,
  recordingUrl: null,
  recordingSeconds: null,
  answeredAt: '2026-05-04T09:30:00.123456+00:00',
  ...over,
});

describe('pageAnswer', () => {
  it('shows a score with the words given with it, and the question as the version asked it', () => {
    expect(pageAnswer(answer('q1', { type: 'nps', valueNum: 9, valueText: 'quick and friendly' }), definition)).toEqual(
      {
        questionId: 'q1',
        type: 'nps',
        value: 9,
        comment: 'quick and friendly',
        recording: null,
        answeredAt: '2026-05-04T09:30:00.123Z',
        question: { text: { en: 'Recommend?', fi: 'Suosittelisitko?' }, choiceLabel: null },
      },
    );
  });

  it('labels a choice, and keeps an answer to a question the version does not have', () => {
    const choice = pageAnswer(answer('topic', { type: 'single_choice', valueText: 'billing' }), definition);
    expect(choice).toMatchObject({
      value: 'billing',
      comment: null,
      question: { choiceLabel: { en: 'Billing', fi: 'Laskutus' } },
    });
    expect(pageAnswer(answer('gone', { valueText: 'x' }), definition).question).toBeNull();
  });

  it('shows a phone recording, its transcription as the value when there is one', () => {
    const rec = pageAnswer(answer('why', { recordingUrl: 'https://r/1', recordingSeconds: 12 }), definition);
    expect(rec).toMatchObject({ value: null, recording: { url: 'https://r/1', seconds: 12 } });
  });
});

describe('inQuestionOrder', () => {
  it('orders answers as the survey asks, unknown questions last', () => {
    const ordered = inQuestionOrder([answer('why'), answer('gone'), answer('q1'), answer('topic')], definition);
    expect(ordered.map((a) => a.questionId)).toEqual(['q1', 'topic', 'why', 'gone']);
  });
});
