import { localeChain, pickText, UiLocale, uiLocale } from '../i18n/locale';
import { Question, SurveyDefinition } from './survey-definition';

/** The languages to try for one reader of one survey: contact locale, its parents, the survey default. */
export interface ReaderLocale {
  chain: string[];
  ui: UiLocale;
  /** The HTML lang attribute: the locale the survey's own texts resolve to. */
  lang: string;
}

export function readerLocale(contactLocale: string | null | undefined, survey: SurveyDefinition): ReaderLocale {
  const chain = localeChain(contactLocale, survey.defaultLocale);
  const lang = survey.questions.length ? pickText(survey.questions[0].text, chain).locale : survey.defaultLocale;
  // Interface strings follow the reader's own language whenever we ship it, even where the author
  // has not translated a question yet: buttons and errors stay readable for the customer.
  return { chain, ui: uiLocale(chain), lang };
}

export interface LocalizedQuestion {
  text: string;
  choiceLabels?: Array<{ id: string; label: string }>;
}

export function localizeQuestion(question: Question, chain: string[]): LocalizedQuestion {
  return {
    text: pickText(question.text, chain).text,
    choiceLabels: question.choices?.map((c) => ({ id: c.id, label: pickText(c.label, chain).text })),
  };
}
