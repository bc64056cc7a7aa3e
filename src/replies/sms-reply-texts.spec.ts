import { smsEncoding, smsSegments } from '../channels/twilio/sms-segments';
import { SUPPORTED_UI_LOCALES, type UiLocale } from '../i18n/locale';
import { answerHint, SMS_STRINGS, smsInvitation } from '../messages/sms-texts';
import type { LocalizedQuestion } from '../surveys/localize';
import type { Choice, QuestionType } from '../surveys/survey-definition';
import { detectSmsKeyword } from './sms-keywords';
import { parseSmsReply } from './sms-reply.parser';
import {
  SMS_REPLY_STRINGS,
  smsGaveUp,
  smsHelp,
  smsNoOpenSurvey,
  smsOptedIn,
  smsOptedOut,
  smsReask,
  smsSurveyClosed,
  smsThanks,
} from './sms-reply-texts';

const LOCALES = [...SUPPORTED_UI_LOCALES];
const COMPANY_20 = 'Acme Corporation 123';

const FIXED = {
  smsThanks,
  smsGaveUp,
  smsNoOpenSurvey,
  smsSurveyClosed,
  smsOptedOut,
  smsOptedIn,
  smsHelp,
};

const NPS_TEXT: Record<UiLocale, string> = {
  en: 'How likely are you to recommend Acme to a friend or colleague?',
  fi: 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi tai kollegallesi?',
  sv: 'Hur troligt är det att du skulle rekommendera Acme till en vän eller kollega?',
  nb: 'Hvor sannsynlig er det at du vil anbefale Acme til en venn eller kollega?',
};

const OPT_OUT: Record<UiLocale, string> = { en: 'STOP', fi: 'LOPETA', sv: 'STOPP', nb: 'STOPP' };
const OPT_IN: Record<UiLocale, string> = { en: 'START', fi: 'ALOITA', sv: 'START', nb: 'START' };

const q = (type: QuestionType) => ({ type });
const plain = (text: string): LocalizedQuestion => ({ text });

const CHOICES: Choice[] = [
  { id: 'price', label: { en: 'Price' } },
  { id: 'quality', label: { en: 'Quality' } },
  { id: 'service', label: { en: 'Service' } },
];
const CHOICE_LABELS = [
  { id: 'price', label: 'Price' },
  { id: 'quality', label: 'Quality' },
  { id: 'service', label: 'Service' },
];

describe.each(LOCALES)('fixed SMS texts (%s)', (ui) => {
  it.each(Object.entries(FIXED))('%s fits one GSM-7 segment with a 20-character company name', (_, fn) => {
    const text = fn(ui, COMPANY_20);
    expect(text.startsWith(`${COMPANY_20}: `)).toBe(true);
    expect(smsEncoding(text)).toBe('GSM-7');
    expect(smsSegments(text).segments).toBe(1);
  });

  it('every template is GSM-7 as written, so gsm7Safe never has to rescue it', () => {
    for (const value of Object.values(SMS_REPLY_STRINGS[ui])) expect(smsEncoding(value)).toBe('GSM-7');
  });

  it('opt-out confirmation names an opt-in keyword the webhook recognises', () => {
    const text = smsOptedOut(ui, 'Acme');
    expect(text).toContain(OPT_IN[ui]);
    expect(detectSmsKeyword(OPT_IN[ui])).toBe('start');
  });

  it('opt-in confirmation and help name the opt-out keyword', () => {
    expect(smsOptedIn(ui, 'Acme')).toContain(OPT_OUT[ui]);
    expect(smsHelp(ui, 'Acme')).toContain(OPT_OUT[ui]);
    expect(smsHelp(ui, 'Acme')).toContain(OPT_IN[ui]);
  });

  it('keywords in the strings are the ones detectSmsKeyword maps to their command', () => {
    const s = SMS_STRINGS[ui];
    expect(s.stopKeyword).toBe(OPT_OUT[ui]);
    expect(s.startKeyword).toBe(OPT_IN[ui]);
    expect(detectSmsKeyword(s.stopKeyword)).toBe('stop');
    expect(detectSmsKeyword(s.startKeyword)).toBe('start');
    expect(detectSmsKeyword(s.helpKeyword)).toBe('help');
    expect(smsNoOpenSurvey(ui, 'Acme')).toContain(s.helpKeyword);
  });
});

describe.each(LOCALES)('smsInvitation (%s)', (ui) => {
  const invitation = smsInvitation({ companyName: 'Acme', question: q('nps'), localized: plain(NPS_TEXT[ui]), ui });

  it('names an opt-out keyword the webhook recognises', () => {
    expect(invitation).toContain(OPT_OUT[ui]);
    expect(detectSmsKeyword(OPT_OUT[ui])).toBe('stop');
  });
});

describe.each(LOCALES)('answerHint (%s)', (ui) => {
  it('names yes/no words that parseSmsReply reads as yes and no', () => {
    const { yesWord, noWord } = SMS_STRINGS[ui];
    const hint = answerHint(q('yes_no'), plain('?'), ui);
    expect(hint).toContain(yesWord);
    expect(hint).toContain(noWord);
    expect(parseSmsReply(yesWord, { type: 'yes_no' }, ui)).toEqual({ kind: 'answer', value: 'yes' });
    expect(parseSmsReply(noWord, { type: 'yes_no' }, ui)).toEqual({ kind: 'answer', value: 'no' });
    // An answer must never be swallowed as a keyword.
    expect(detectSmsKeyword(yesWord)).toBeNull();
    expect(detectSmsKeyword(noWord)).toBeNull();
  });

  it('single choice numbers the options in definition order with their labels, and the numbers parse back', () => {
    const hint = answerHint(q('single_choice'), { text: '?', choiceLabels: CHOICE_LABELS }, ui);
    const positions = CHOICE_LABELS.map((c, i) => hint.search(new RegExp(`${i + 1}\\D{1,6}${c.label}`)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    CHOICE_LABELS.forEach((c, i) =>
      expect(parseSmsReply(String(i + 1), { type: 'single_choice', choices: CHOICES }, ui)).toEqual({
        kind: 'answer',
        value: c.id,
      }),
    );
  });
});

describe.each(LOCALES)('smsReask (%s)', (ui) => {
  it.each<[QuestionType, string, string]>([
    ['nps', '0', '10'],
    ['csat', '1', '5'],
    ['ces', '1', '7'],
  ])('%s states the range %s to %s', (type, min, max) => {
    const text = smsReask(q(type), ui);
    expect(text).toMatch(new RegExp(`\\b${min}\\b.*\\b${max}\\b`));
    expect(smsEncoding(text)).toBe('GSM-7');
    expect(smsSegments(text).segments).toBe(1);
  });

  it('yes/no names both words', () => {
    const { yesWord, noWord } = SMS_STRINGS[ui];
    const text = smsReask(q('yes_no'), ui);
    expect(text).toContain(yesWord);
    expect(text).toContain(noWord);
  });

  it('single choice states 1 to the number of options', () => {
    expect(smsReask({ type: 'single_choice', choices: CHOICES }, ui)).toMatch(/\b1\b.*\b3\b/);
  });

  it('text asks for a typed answer', () => {
    expect(smsReask(q('text'), ui)).not.toBe(smsReask(q('nps'), ui));
  });
});

describe('smsReask (English wording)', () => {
  it.each<[string, Parameters<typeof smsReask>[0], string]>([
    ['nps', q('nps'), "Sorry, we didn't catch that. Please reply with a number from 0 to 10."],
    ['yes/no', q('yes_no'), "Sorry, we didn't catch that. Please reply YES or NO."],
    [
      '3 choices',
      { type: 'single_choice', choices: CHOICES },
      "Sorry, we didn't catch that. Please reply with a number from 1 to 3.",
    ],
    [
      '1 choice',
      { type: 'single_choice', choices: CHOICES.slice(0, 1) },
      "Sorry, we didn't catch that. Please reply 1.",
    ],
  ])('%s', (_, question, expected) => {
    expect(smsReask(question, 'en')).toBe(expected);
  });
});

describe('fixed texts', () => {
  it('drop the "Company: " prefix when the name is blank', () => {
    expect(smsThanks('en', '')).toBe('Thank you for your answers! We really appreciate your feedback.');
  });
});
