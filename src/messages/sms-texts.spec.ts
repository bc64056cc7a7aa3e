import { smsEncoding, smsSegments } from '../channels/twilio/sms-segments';
import { SUPPORTED_UI_LOCALES, type UiLocale } from '../i18n/locale';
import type { LocalizedQuestion } from '../surveys/localize';
import type { QuestionType } from '../surveys/survey-definition';
import { answerHint, SMS_STRINGS, smsInvitation, smsQuestion } from './sms-texts';

const LOCALES = [...SUPPORTED_UI_LOCALES];

const NPS_TEXT: Record<UiLocale, string> = {
  en: 'How likely are you to recommend Acme to a friend or colleague?',
  fi: 'Kuinka todennäköisesti suosittelisit Acmea ystävällesi tai kollegallesi?',
  sv: 'Hur troligt är det att du skulle rekommendera Acme till en vän eller kollega?',
  nb: 'Hvor sannsynlig er det at du vil anbefale Acme til en venn eller kollega?',
};

const q = (type: QuestionType) => ({ type });
const plain = (text: string): LocalizedQuestion => ({ text });

const CHOICE_LABELS = [
  { id: 'price', label: 'Price' },
  { id: 'quality', label: 'Quality' },
  { id: 'service', label: 'Service' },
];

describe.each(LOCALES)('SMS invitation texts (%s)', (ui) => {
  it('every template is GSM-7 as written, so gsm7Safe never has to rescue it', () => {
    for (const value of Object.values(SMS_STRINGS[ui])) expect(smsEncoding(value)).toBe('GSM-7');
  });
});

describe.each(LOCALES)('smsInvitation (%s)', (ui) => {
  const invitation = smsInvitation({ companyName: 'Acme', question: q('nps'), localized: plain(NPS_TEXT[ui]), ui });

  it('is "Acme: <question> <hint> <opt-out>" in one GSM-7 segment', () => {
    expect(invitation.startsWith(`Acme: ${NPS_TEXT[ui]} `)).toBe(true);
    expect(invitation).toContain('0-10');
    expect(invitation).not.toMatch(/\s{2}/);
    expect(smsEncoding(invitation)).toBe('GSM-7');
    expect(smsSegments(invitation).segments).toBe(1);
  });

  it('sends a UCS-2 question as given and leaves segment counting to the caller', () => {
    const text = `${NPS_TEXT[ui]} 🙂`;
    const body = smsInvitation({ companyName: 'Acme', question: q('nps'), localized: plain(text), ui });
    expect(body).toContain(text);
    expect(smsEncoding(body)).toBe('UCS-2');
  });
});

describe('smsInvitation', () => {
  it('matches the documented English shape', () => {
    const body = smsInvitation({
      companyName: 'Acme',
      question: q('nps'),
      localized: plain('How likely are you to recommend Acme to a friend?'),
      ui: 'en',
    });
    expect(body).toBe('Acme: How likely are you to recommend Acme to a friend? Reply 0-10. Reply STOP to opt out.');
  });

  it('inserts customer text untouched even where gsm7Safe would rewrite it', () => {
    const body = smsInvitation({
      companyName: 'Ålands “Bästa”',
      question: q('text'),
      localized: plain('Mitä ’pidit’?'),
      ui: 'fi',
    });
    expect(body).toBe('Ålands “Bästa”: Mitä ’pidit’? Vastaa LOPETA, jos et halua enää viestejä.');
  });

  it('omits the prefix when there is no company name', () => {
    expect(smsInvitation({ companyName: ' ', question: q('csat'), localized: plain('Happy?'), ui: 'en' })).toBe(
      'Happy? Reply 1-5. Reply STOP to opt out.',
    );
  });
});

describe.each(LOCALES)('answerHint (%s)', (ui) => {
  it.each<[QuestionType, string]>([
    ['nps', '0-10'],
    ['csat', '1-5'],
    ['ces', '1-7'],
  ])('%s hint gives the range %s', (type, range) => {
    expect(answerHint(q(type), plain('?'), ui)).toContain(range);
  });

  it('text question has no hint, and smsQuestion leaves no trailing space', () => {
    expect(answerHint(q('text'), plain('Why?'), ui)).toBe('');
    expect(smsQuestion(q('text'), plain('  Why? '), ui)).toBe('Why?');
  });
});

describe('answerHint (exact wording)', () => {
  const localized = { text: 'Why?', choiceLabels: CHOICE_LABELS };
  it.each<[UiLocale, string]>([
    ['en', 'Reply 1 for Price, 2 for Quality or 3 for Service.'],
    ['fi', 'Vastaa numerolla: 1 = Price, 2 = Quality, 3 = Service.'],
    ['sv', 'Svara 1 för Price, 2 för Quality eller 3 för Service.'],
    ['nb', 'Svar 1 for Price, 2 for Quality eller 3 for Service.'],
  ])('single choice in %s', (ui, expected) => {
    expect(answerHint(q('single_choice'), localized, ui)).toBe(expected);
  });

  it.each<[UiLocale, string]>([
    ['en', 'Reply YES or NO.'],
    ['fi', 'Vastaa KYLLÄ tai EI.'],
    ['sv', 'Svara JA eller NEJ.'],
    ['nb', 'Svar JA eller NEI.'],
  ])('yes/no in %s', (ui, expected) => {
    expect(answerHint(q('yes_no'), plain('?'), ui)).toBe(expected);
  });

  it('two choices need no list separator; an empty label falls back to the choice id', () => {
    const labels = [
      { id: 'a', label: 'Yes please' },
      { id: 'b', label: ' ' },
    ];
    expect(answerHint(q('single_choice'), { text: '?', choiceLabels: labels }, 'en')).toBe(
      'Reply 1 for Yes please or 2 for b.',
    );
  });
});
