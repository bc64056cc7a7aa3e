import type { Choice, QuestionType } from '../surveys/survey-definition';
import { parseSmsReply, type SmsReply } from './sms-reply.parser';

const ans = (value: number | string, comment?: string): SmsReply =>
  comment === undefined ? { kind: 'answer', value } : { kind: 'answer', value, comment };
const OUT: SmsReply = { kind: 'invalid', reason: 'out_of_range' };
const NONE: SmsReply = { kind: 'invalid', reason: 'no_answer' };

type Case = [locale: string | undefined, text: string, expected: SmsReply];

describe('parseSmsReply: nps digits and "out of" forms', () => {
  it.each<Case>([
    ['en', '9', ans(9)],
    ['en', ' 9 ', ans(9)],
    ['en', '10!', ans(10)],
    ['en', '10!!!', ans(10)],
    ['en', '0', ans(0)],
    ['en', '07', ans(7)],
    ['en', '+9', ans(9)],
    ['en', '9.', ans(9)],
    ['en', '9/10', ans(9)],
    ['en', '9 / 10', ans(9)],
    ['en', '9 of 10', ans(9)],
    ['en', '9 out of 10', ans(9)],
    ['en', '9 out of ten', ans(9)],
    ['en', '9 points', ans(9)],
    ['en', '(9)', ans(9)],
    ['en', '"8"', ans(8)],
    ['sv', '9 av 10', ans(9)],
    ['sv', '9 utav 10', ans(9)],
    ['sv', '9 ut av 10', ans(9)],
    ['sv', '9 av tio', ans(9)],
    ['sv', '9 poäng', ans(9)],
    ['nb', '9 av 10', ans(9)],
    ['nb', '9 av ti', ans(9)],
    ['nb', '9 poeng', ans(9)],
    ['fi', '9/10', ans(9)],
    ['fi', '9 / 10', ans(9)],
    ['fi', '9 kymmenestä', ans(9)],
    ['fi', '9 kymmenesta', ans(9)],
    ['fi', '9 pistettä', ans(9)],
    ['fi', '10 pinnaa', ans(10)],
    ['en', '10/10 would recommend', ans(10, 'would recommend')],
    ['en', '10/10!', ans(10)],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'nps' }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: nps number words in every language, whatever the locale', () => {
  it.each<Case>([
    ['en', 'zero', ans(0)],
    ['en', 'one', ans(1)],
    ['en', 'two', ans(2)],
    ['en', 'three', ans(3)],
    ['en', 'four', ans(4)],
    ['en', 'five', ans(5)],
    ['en', 'six', ans(6)],
    ['en', 'seven', ans(7)],
    ['en', 'Eight', ans(8)],
    ['en', 'NINE', ans(9)],
    ['en', 'ten', ans(10)],
    ['fi', 'nolla', ans(0)],
    ['fi', 'yksi', ans(1)],
    ['fi', 'kaksi', ans(2)],
    ['fi', 'kolme', ans(3)],
    ['fi', 'neljä', ans(4)],
    ['fi', 'nelja', ans(4)],
    ['fi', 'viisi', ans(5)],
    ['fi', 'kuusi', ans(6)],
    ['fi', 'seitsemän', ans(7)],
    ['fi', 'seitseman', ans(7)],
    ['fi', 'kahdeksan', ans(8)],
    ['fi', 'yhdeksän', ans(9)],
    ['fi', 'yhdeksan', ans(9)],
    ['fi', 'YHDEKSÄN', ans(9)],
    ['fi', 'kymmenen', ans(10)],
    ['fi', 'ysi', ans(9)],
    ['fi', 'kasi', ans(8)],
    ['fi', 'kymppi', ans(10)],
    ['fi', 'ykkönen', ans(1)],
    ['sv', 'noll', ans(0)],
    ['sv', 'ett', ans(1)],
    ['sv', 'en', ans(1)],
    ['sv', 'två', ans(2)],
    ['sv', 'tva', ans(2)],
    ['sv', 'tre', ans(3)],
    ['sv', 'fyra', ans(4)],
    ['sv', 'fem', ans(5)],
    ['sv', 'sex', ans(6)],
    ['sv', 'sju', ans(7)],
    ['sv', 'åtta', ans(8)],
    ['sv', 'atta', ans(8)],
    ['sv', 'nio', ans(9)],
    ['sv', 'tio', ans(10)],
    ['nb', 'null', ans(0)],
    ['nb', 'en', ans(1)],
    ['nb', 'én', ans(1)],
    ['nb', 'ett', ans(1)],
    ['nb', 'to', ans(2)],
    ['nb', 'tre', ans(3)],
    ['nb', 'fire', ans(4)],
    ['nb', 'fem', ans(5)],
    ['nb', 'seks', ans(6)],
    ['nb', 'sju', ans(7)],
    ['nb', 'syv', ans(7)],
    ['nb', 'åtte', ans(8)],
    ['nb', 'atte', ans(8)],
    ['nb', 'ni', ans(9)],
    ['nb', 'Ni!', ans(9)],
    ['nb', 'ti', ans(10)],
    // Locale doesn't restrict the language of the reply.
    ['en', 'yhdeksän', ans(9)],
    ['fi', 'nine', ans(9)],
    ['nb', 'nio', ans(9)],
    ['sv', 'syv', ans(7)],
    [undefined, 'åtta', ans(8)],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'nps' }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: nps score with a comment', () => {
  it.each<Case>([
    ['en', '9 quick and friendly', ans(9, 'quick and friendly')],
    ['en', '9, quick and friendly.', ans(9, 'quick and friendly.')],
    ['en', '9 - quick and friendly', ans(9, 'quick and friendly')],
    ['en', '9. Great staff', ans(9, 'Great staff')],
    ['en', '9 :)', ans(9, ':)')],
    ['en', '10 👍', ans(10, '👍')],
    ['en', 'Stop sending these, 3', ans(3, 'Stop sending these')],
    ['en', 'Great service! 9', ans(9, 'Great service!')],
    ['en', 'Service was good, 8, but slow', ans(8, 'Service was good but slow')],
    ['en', 'Three people helped me, 9', ans(9, 'Three people helped me')],
    ['en', 'nine, quick and friendly', ans(9, 'quick and friendly')],
    ['en', 'Nine out of ten, friendly staff', ans(9, 'friendly staff')],
    ['en', "I'd say nine out of ten", ans(9, "I'd say")],
    ['en', 'Definitely a ten', ans(10, 'Definitely a')],
    ['en', 'Quick and friendly, nine', ans(9, 'Quick and friendly')],
    ['en', 'Called 3 times, nine', ans(3, 'Called times, nine')],
    ['en', 'To be honest, 7', ans(7, 'To be honest')],
    ['en', 'One-off issue, 8', ans(8, 'One-off issue')],
    ['en', 'E-mail me instead, 4', ans(4, 'E-mail me instead')],
    ['en', 'One. Never again', ans(1, 'Never again')],
    ['en', 'Awful, one', ans(1, 'Awful')],
    ['fi', '8, jonotus kesti', ans(8, 'jonotus kesti')],
    ['fi', 'yhdeksän, nopea palvelu', ans(9, 'nopea palvelu')],
    ['fi', 'Yhdeksan - nopea palvelu', ans(9, 'nopea palvelu')],
    ['fi', '9 kymmenestä, kiitos', ans(9, 'kiitos')],
    ['fi', 'Nopea palvelu, ysi', ans(9, 'Nopea palvelu')],
    ['fi', 'Kolme kertaa soitin, 2', ans(2, 'Kolme kertaa soitin')],
    ['fi', '7 jonotus kesti liian kauan', ans(7, 'jonotus kesti liian kauan')],
    ['sv', '8, lång kö', ans(8, 'lång kö')],
    ['sv', 'nio av tio, trevlig personal', ans(9, 'trevlig personal')],
    ['sv', 'En, dålig service', ans(1, 'dålig service')],
    ['sv', 'Trevlig personal, åtta', ans(8, 'Trevlig personal')],
    ['sv', 'Ganska bra. 7', ans(7, 'Ganska bra.')],
    ['nb', '9 av 10, hyggelig betjening', ans(9, 'hyggelig betjening')],
    ['nb', 'ni, bra service', ans(9, 'bra service')],
    ['nb', 'Bra service, ni', ans(9, 'Bra service')],
    ['nb', 'ti av ti', ans(10)],
    ['nb', 'Lang kø, syv', ans(7, 'Lang kø')],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'nps' }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: nps replies that are not one score', () => {
  it.each<Case>([
    ['en', '11', OUT],
    ['en', '-1', OUT],
    ['en', '−1', OUT],
    ['en', '100', OUT],
    ['en', '15', OUT],
    ['en', '99999999999999999999', OUT],
    // Decimals are a score attempt off the integer scale: out_of_range, so the caller re-asks with the range.
    ['en', '7.5', OUT],
    ['fi', '7,5', OUT],
    ['en', '0.5', OUT],
    ['en', '8-9', OUT],
    ['en', '8 – 9', OUT],
    ['en', 'Called at 10:30, 3', OUT],
    ['en', 'Waited 20 minutes, 6', OUT],
    ['en', '11 out of 10!', OUT],
    // Never rescale another scale's score.
    ['en', '5/5', OUT],
    ['en', '4 out of 5', OUT],
    ['en', '', NONE],
    ['en', '   ', NONE],
    ['en', 'Great service', NONE],
    ['en', 'tenfold better', NONE],
    ['en', 'someone helped', NONE],
    ['en', 'network issues', NONE],
    ['en', 'often', NONE],
    ['en', 'eleven', NONE],
    ['en', 'one of the best', NONE],
    ['en', 'No one called me back', NONE],
    ['en', 'The best one', NONE],
    ['en', 'Hard to say', NONE],
    ['en', 'Nice to meet you', NONE],
    ['en', 'Three people helped me', NONE],
    ['en', 'Service was on fire', NONE],
    ['en', '10x better', NONE],
    ['en', '2nd time', NONE],
    ['fi', 'kuusikko', NONE],
    ['fi', 'kymmenittäin', NONE],
    ['fi', 'Kolme kertaa soitin', NONE],
    ['fi', 'en', NONE],
    ['fi', 'En suosittele', NONE],
    ['sv', 'en bra tjänst', NONE],
    ['sv', 'Ett bra besök', NONE],
    ['sv', 'Ni var snabba', NONE],
    ['sv', 'Det vet ni', NONE],
    ['sv', 'Det var en av tio bästa', NONE],
    ['sv', 'tiotals', NONE],
    ['nb', 'Tiden gikk fort', NONE],
    ['nb', 'nibble', NONE],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'nps' }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: csat and ces ranges', () => {
  it.each<[QuestionType, string, string, SmsReply]>([
    ['csat', 'en', '1', ans(1)],
    ['csat', 'en', '5', ans(5)],
    ['csat', 'en', '0', OUT],
    ['csat', 'en', '6', OUT],
    ['csat', 'en', '4/5', ans(4)],
    ['csat', 'en', '4 out of 5', ans(4)],
    ['csat', 'sv', '4 av 5', ans(4)],
    ['csat', 'fi', '4 viidestä', ans(4)],
    ['csat', 'en', '4/10', OUT],
    ['csat', 'en', 'zero', OUT],
    ['csat', 'fi', 'viisi', ans(5)],
    ['csat', 'nb', 'fem, veldig fornøyd', ans(5, 'veldig fornøyd')],
    ['csat', 'sv', 'sex', OUT],
    ['csat', 'en', 'four stars', ans(4)],
    ['csat', 'sv', '4 stjärnor', ans(4)],
    ['csat', 'fi', '5 tähteä, kiitos', ans(5, 'kiitos')],
    ['ces', 'en', '1', ans(1)],
    ['ces', 'en', '7', ans(7)],
    ['ces', 'en', '0', OUT],
    ['ces', 'en', '8', OUT],
    ['ces', 'en', '6/7', ans(6)],
    ['ces', 'fi', '6 seitsemästä', ans(6)],
    ['ces', 'fi', 'seitsemän', ans(7)],
    ['ces', 'nb', 'syv', ans(7)],
    ['ces', 'sv', 'sju av sju', ans(7)],
    ['ces', 'en', 'ten', OUT],
  ])('%s %s %j', (type, locale, text, expected) => {
    expect(parseSmsReply(text, { type }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: yes_no', () => {
  it.each<Case>([
    ['en', 'yes', ans('yes')],
    ['en', 'Yes!', ans('yes')],
    ['en', 'YES, very easy', ans('yes', 'very easy')],
    ['en', 'yep', ans('yes')],
    ['en', 'yeah sure', ans('yes', 'sure')],
    ['en', 'y', ans('yes')],
    ['en', 'no', ans('no')],
    ['en', 'No, it was slow', ans('no', 'it was slow')],
    ['en', 'nope', ans('no')],
    ['en', 'no thanks', ans('no', 'thanks')],
    ['en', 'Absolutely yes', NONE],
    ['en', 'No-show again', NONE],
    ['en', 'E-mail me', NONE],
    ['en', '1', ans('yes')],
    ['en', '2', ans('no')],
    ['en', '1, easy', ans('yes', 'easy')],
    ['en', '2 - too slow', ans('no', 'too slow')],
    ['en', '3', OUT],
    ['en', '0', OUT],
    ['en', '1.5', OUT],
    ['en', '', NONE],
    ['en', 'maybe', NONE],
    ['fi', 'kyllä', ans('yes')],
    ['fi', 'kylla', ans('yes')],
    ['fi', 'Joo', ans('yes')],
    ['fi', 'juu, helppoa', ans('yes', 'helppoa')],
    ['fi', 'k', ans('yes')],
    ['fi', 'ei', ans('no')],
    ['fi', 'Ei, liian vaikeaa', ans('no', 'liian vaikeaa')],
    ['fi', 'e', ans('no')],
    ['fi', 'En', ans('no')],
    ['fi', 'en suosittele', ans('no', 'suosittele')],
    ['sv', 'ja', ans('yes')],
    ['sv', 'Ja, absolut', ans('yes', 'absolut')],
    ['sv', 'jo', ans('yes')],
    ['sv', 'nej', ans('no')],
    ['sv', 'Nej tack', ans('no', 'tack')],
    ['sv', 'en', NONE],
    ['nb', 'ja', ans('yes')],
    ['nb', 'jo da', ans('yes', 'da')],
    ['nb', 'nei', ans('no')],
    ['nb', 'Nei, for tregt', ans('no', 'for tregt')],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'yes_no' }, locale)).toStrictEqual(expected);
  });
});

describe('parseSmsReply: single_choice', () => {
  const choices: Choice[] = [
    { id: 'price', label: { en: 'Price', fi: 'Hinta', sv: 'Pris', nb: 'Pris' } },
    { id: 'wait_time', label: { en: 'Waiting time', fi: 'Jonotusaika', sv: 'Väntetid', nb: 'Ventetid' } },
    { id: 'staff', label: { en: 'Staff', fi: 'Henkilökunta', sv: 'Personal', nb: 'Personale' } },
  ];
  it.each<Case>([
    ['en', '1', ans('price')],
    ['en', '2', ans('wait_time')],
    ['en', '3', ans('staff')],
    ['en', ' 3. ', ans('staff')],
    ['en', '2 the queue was long', ans('wait_time', 'the queue was long')],
    ['en', 'two', ans('wait_time')],
    ['fi', 'kolme', ans('staff')],
    ['en', '4', OUT],
    ['en', '0', OUT],
    ['en', '-1', OUT],
    ['en', '1.5', OUT],
    ['en', 'price', ans('price')],
    ['en', 'PRICE', ans('price')],
    ['en', 'Wait_Time', ans('wait_time')],
    ['en', 'price, too expensive', ans('price', 'too expensive')],
    ['en', 'Waiting time!', ans('wait_time')],
    ['fi', 'jonotusaika', ans('wait_time')],
    ['fi', 'Henkilokunta', ans('staff')],
    ['sv', 'Väntetid, alldeles för lång', ans('wait_time', 'alldeles för lång')],
    ['nb', 'pris', ans('price')],
    ['en', 'pricey', NONE],
    ['en', 'price too high', NONE],
    ['en', 'something else', NONE],
    ['en', '', NONE],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'single_choice', choices }, locale)).toStrictEqual(expected);
  });

  it('treats a question without choices as having no valid number', () => {
    expect(parseSmsReply('1', { type: 'single_choice' })).toStrictEqual(OUT);
    expect(parseSmsReply('price', { type: 'single_choice' })).toStrictEqual(NONE);
  });
});

describe('parseSmsReply: text', () => {
  it.each<Case>([
    ['en', '  Friendly staff, short queue  ', ans('Friendly staff, short queue')],
    ['fi', 'Nopea palvelu', ans('Nopea palvelu')],
    ['sv', '9', ans('9')],
    ['nb', 'stopp', ans('stopp')],
    ['en', '', NONE],
    ['en', ' \n ', NONE],
  ])('%s %j', (locale, text, expected) => {
    expect(parseSmsReply(text, { type: 'text' }, locale)).toStrictEqual(expected);
  });
});
