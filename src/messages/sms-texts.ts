import { gsm7Safe } from '../channels/twilio/sms-segments';
import type { UiLocale } from '../i18n/locale';
import { fill } from '../i18n/ui-strings';
import type { LocalizedQuestion } from '../surveys/localize';
import { isScaleType, type Question, SCALE_RANGES } from '../surveys/survey-definition';

/**
 * Built-in text of the SMS invitation: how a question is asked by text, and the keywords and
 * yes/no words every SMS of the survey names (the conversation's replies live in
 * replies/sms-reply-texts.ts and take their keywords from here).
 *
 * Every locale must define every key, so a missing translation is a compile error. Placeholders
 * (`{min}`, `{yes}`, `{stop}` …) are filled with {@link fill}. Templates are GSM-7 only (plain
 * hyphen, straight apostrophe, no ellipsis or emoji) so a text costs one 160-character segment;
 * they still pass through `gsm7Safe` as a guard. Customer content (company name, question text,
 * choice labels) is inserted as given, never rewritten.
 *
 * Texts are prefixed "Company: " rather than naming the company inside a sentence, so the name
 * never needs inflecting (Finnish cases, Swedish/Norwegian genitive).
 *
 * Keywords must be ones `detectSmsKeyword` recognises, and yes/no words ones `parseSmsReply`
 * reads; replies/sms-reply-texts.spec.ts checks both.
 */
export interface SmsStrings {
  /** Opt-out keyword named in the texts; `detectSmsKeyword` must read it as 'stop'. */
  stopKeyword: string;
  /** Opt-in keyword; must be read as 'start'. */
  startKeyword: string;
  /** Help keyword; must be read as 'help'. */
  helpKeyword: string;
  /** Yes/no words named in hints; `parseSmsReply` must read them as 'yes' / 'no'. */
  yesWord: string;
  noWord: string;

  /** `{min}`, `{max}`: "Reply 0-10." */
  scaleHint: string;
  /** `{yes}`, `{no}` */
  yesNoHint: string;
  /** `{list}`: the numbered options joined with the separators below. */
  choiceHint: string;
  /** `{n}`, `{label}`: one numbered option. */
  choiceItem: string;
  choiceSeparator: string;
  /** Between the last two options (", " when the locale lists without "or"). */
  choiceLastSeparator: string;
  /** `{stop}`: closes the invitation. */
  optOutHint: string;
}

const en: SmsStrings = {
  stopKeyword: 'STOP',
  startKeyword: 'START',
  helpKeyword: 'HELP',
  yesWord: 'YES',
  noWord: 'NO',
  scaleHint: 'Reply {min}-{max}.',
  yesNoHint: 'Reply {yes} or {no}.',
  choiceHint: 'Reply {list}.',
  choiceItem: '{n} for {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ' or ',
  optOutHint: 'Reply {stop} to opt out.',
};

const fi: SmsStrings = {
  stopKeyword: 'LOPETA',
  startKeyword: 'ALOITA',
  helpKeyword: 'APUA',
  yesWord: 'KYLLÄ',
  noWord: 'EI',
  scaleHint: 'Vastaa {min}-{max}.',
  yesNoHint: 'Vastaa {yes} tai {no}.',
  // Labels are customer text and cannot be inflected, so Finnish lists "1 = Hinta" instead of a sentence.
  choiceHint: 'Vastaa numerolla: {list}.',
  choiceItem: '{n} = {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ', ',
  optOutHint: 'Vastaa {stop}, jos et halua enää viestejä.',
};

const sv: SmsStrings = {
  stopKeyword: 'STOPP',
  startKeyword: 'START',
  helpKeyword: 'HJÄLP',
  yesWord: 'JA',
  noWord: 'NEJ',
  scaleHint: 'Svara {min}-{max}.',
  yesNoHint: 'Svara {yes} eller {no}.',
  choiceHint: 'Svara {list}.',
  choiceItem: '{n} för {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ' eller ',
  optOutHint: 'Svara {stop} för att avregistrera dig.',
};

const nb: SmsStrings = {
  stopKeyword: 'STOPP',
  startKeyword: 'START',
  helpKeyword: 'HJELP',
  yesWord: 'JA',
  noWord: 'NEI',
  scaleHint: 'Svar {min}-{max}.',
  yesNoHint: 'Svar {yes} eller {no}.',
  choiceHint: 'Svar {list}.',
  choiceItem: '{n} for {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ' eller ',
  optOutHint: 'Svar {stop} for å melde deg av.',
};

/** SMS invitation texts and keywords per supported UI locale. */
export const SMS_STRINGS: Readonly<Record<UiLocale, SmsStrings>> = { en, fi, sv, nb };

/**
 * Fills one of our SMS templates: `gsm7Safe` runs over the template only, never over the values.
 * `{stop}`, `{start}`, `{help}`, `{yes}` and `{no}` are the locale's keywords and yes/no words.
 */
export function fillSmsTemplate(ui: UiLocale, text: string, values: Record<string, string | number> = {}): string {
  const s = SMS_STRINGS[ui];
  return fill(gsm7Safe(text), {
    stop: s.stopKeyword,
    start: s.startKeyword,
    help: s.helpKeyword,
    yes: s.yesWord,
    no: s.noWord,
    ...values,
  });
}

function template(ui: UiLocale, key: keyof SmsStrings, values: Record<string, string | number> = {}): string {
  return fillSmsTemplate(ui, SMS_STRINGS[ui][key], values);
}

/** Non-empty parts, each trimmed, joined by single spaces. Inner whitespace of customer text is kept. */
export function joinSmsParts(...parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
}

/** "Acme: body"; just the body when there is no company name. */
export function fromCompany(companyName: string, body: string): string {
  const name = companyName.trim();
  return name === '' ? body : `${name}: ${body}`;
}

/**
 * How to answer `question` by SMS: scale "Reply 0-10.", yes/no "Reply YES or NO.", single choice
 * "Reply 1 for Price, 2 for Quality or 3 for Service." (definition order, labels as given, the
 * choice id where a label is empty), free text "" (any reply is an answer). A single-choice
 * question without localized labels gets "" too: there is nothing to number.
 */
export function answerHint(question: Pick<Question, 'type'>, localized: LocalizedQuestion, ui: UiLocale): string {
  const { type } = question;
  if (isScaleType(type)) return template(ui, 'scaleHint', SCALE_RANGES[type]);
  switch (type) {
    case 'yes_no':
      return template(ui, 'yesNoHint');
    case 'single_choice': {
      const items = (localized.choiceLabels ?? []).map((c, i) =>
        template(ui, 'choiceItem', { n: i + 1, label: c.label.trim() || c.id }),
      );
      if (items.length === 0) return '';
      const s = SMS_STRINGS[ui];
      const list =
        items.length === 1
          ? items[0]
          : items.slice(0, -1).join(gsm7Safe(s.choiceSeparator)) +
            gsm7Safe(s.choiceLastSeparator) +
            items[items.length - 1];
      return template(ui, 'choiceHint', { list });
    }
    case 'text':
      return '';
  }
}

/** "<question text> <answer hint>", trimmed and joined by a single space (no trailing space for free text). */
export function smsQuestion(question: Pick<Question, 'type'>, localized: LocalizedQuestion, ui: UiLocale): string {
  return joinSmsParts(localized.text, answerHint(question, localized, ui));
}

/**
 * The invitation: "Acme: How likely are you to recommend Acme to a friend? Reply 0-10. Reply STOP to opt out."
 * Company name and question text are sent as given, so an emoji in them makes the body UCS-2:
 * callers count segments with `smsSegments` and decide.
 */
export function smsInvitation(args: {
  companyName: string;
  question: Pick<Question, 'type'>;
  localized: LocalizedQuestion;
  ui: UiLocale;
}): string {
  const { companyName, question, localized, ui } = args;
  return fromCompany(companyName, joinSmsParts(smsQuestion(question, localized, ui), template(ui, 'optOutHint')));
}
