import type { UiLocale } from '../i18n/locale';
import { fillSmsTemplate, fromCompany, joinSmsParts } from '../messages/sms-texts';
import { isScaleType, type Question, SCALE_RANGES } from '../surveys/survey-definition';

/**
 * Built-in text of every reply the two-way SMS survey sends back: re-asks, thanks, and the
 * answers to keywords. The invitation, the question texts and the keywords themselves are in
 * messages/sms-texts.ts; these templates fill `{stop}`, `{start}`, `{help}`, `{yes}` and `{no}`
 * from there.
 *
 * Every locale must define every key, so a missing translation is a compile error. Templates are
 * GSM-7 only, so a reply costs one 160-character segment, and are prefixed "Company: " so the
 * name never needs inflecting.
 */
export interface SmsReplyStrings {
  /** Opens every re-ask. */
  reaskPrefix: string;
  /** `{min}`, `{max}` */
  reaskNumber: string;
  /** `{n}`: a single-choice question with only one option. */
  reaskExact: string;
  /** `{yes}`, `{no}` */
  reaskYesNo: string;
  /** Free text: only an empty message is unreadable. */
  reaskText: string;

  thanks: string;
  /** Second unreadable reply: ends the survey politely, says the reply was noted. */
  gaveUp: string;
  /** `{help}` */
  noOpenSurvey: string;
  surveyClosed: string;
  /** `{start}` */
  optedOut: string;
  /** `{stop}` */
  optedIn: string;
  /** `{stop}`, `{start}` */
  help: string;
}

const en: SmsReplyStrings = {
  reaskPrefix: "Sorry, we didn't catch that.",
  reaskNumber: 'Please reply with a number from {min} to {max}.',
  reaskExact: 'Please reply {n}.',
  reaskYesNo: 'Please reply {yes} or {no}.',
  reaskText: 'Please type your answer in a reply.',
  thanks: 'Thank you for your answers! We really appreciate your feedback.',
  gaveUp:
    "Sorry, we still couldn't read your answer. We have noted your reply and will end the survey here. Thank you for your time!",
  noOpenSurvey:
    'Thanks for your message. There is no survey waiting for your answer right now. Reply {help} for more info.',
  surveyClosed:
    'Thank you for your reply! Unfortunately this survey has already closed, so we can no longer accept answers.',
  optedOut: 'You have opted out and will no longer receive survey texts from us. Reply {start} to opt back in.',
  optedIn: 'You have opted back in and may receive survey texts from us again. Reply {stop} to opt out at any time.',
  help: 'We send short customer feedback surveys by text from this number. Reply {stop} to opt out or {start} to opt back in.',
};

const fi: SmsReplyStrings = {
  reaskPrefix: 'Valitettavasti emme saaneet vastauksesta selvää.',
  reaskNumber: 'Vastaa numerolla {min}-{max}.',
  reaskExact: 'Vastaa {n}.',
  reaskYesNo: 'Vastaa {yes} tai {no}.',
  reaskText: 'Kirjoita vastauksesi viestinä.',
  thanks: 'Kiitos vastauksistasi! Arvostamme palautettasi.',
  gaveUp:
    'Valitettavasti emme vieläkään saaneet vastauksesta selvää. Viestisi on tallennettu, ja kysely päättyy tähän. Kiitos ajastasi!',
  noOpenSurvey:
    'Kiitos viestistäsi. Sinulle ei ole tällä hetkellä avointa kyselyä. Lisätietoja saat vastaamalla {help}.',
  surveyClosed: 'Kiitos viestistäsi! Kysely on valitettavasti jo päättynyt, eikä siihen voi enää vastata.',
  optedOut: 'Olet perunut kyselyviestit, etkä saa niitä meiltä enää. Voit tilata ne uudelleen vastaamalla {start}.',
  optedIn: 'Olet tilannut kyselyviestit uudelleen. Voit perua ne milloin tahansa vastaamalla {stop}.',
  help: 'Lähetämme tästä numerosta lyhyitä asiakaskyselyitä. Vastaa {stop}, jos et halua enää viestejä, tai {start}, jos haluat ne takaisin.',
};

const sv: SmsReplyStrings = {
  reaskPrefix: 'Tyvärr kunde vi inte tolka ditt svar.',
  reaskNumber: 'Svara med en siffra från {min} till {max}.',
  reaskExact: 'Svara {n}.',
  reaskYesNo: 'Svara {yes} eller {no}.',
  reaskText: 'Skriv ditt svar i ett sms.',
  thanks: 'Tack för dina svar! Vi uppskattar att du tog dig tid.',
  gaveUp:
    'Tyvärr kunde vi inte heller tolka det här svaret. Vi har noterat ditt meddelande och avslutar enkäten här. Tack för din tid!',
  noOpenSurvey:
    'Tack för ditt meddelande. Just nu finns det ingen enkät som väntar på ditt svar. Svara {help} för mer information.',
  surveyClosed: 'Tack för ditt svar! Tyvärr är enkäten redan stängd, så det går inte längre att svara.',
  optedOut: 'Du är nu avregistrerad och får inga fler enkäter via sms från oss. Svara {start} om du vill få dem igen.',
  optedIn: 'Du är nu registrerad igen och kan få enkäter via sms från oss. Svara {stop} för att avregistrera dig.',
  help: 'Vi skickar korta kundenkäter via sms från det här numret. Svara {stop} för att avregistrera dig eller {start} för att börja igen.',
};

const nb: SmsReplyStrings = {
  reaskPrefix: 'Beklager, vi forsto ikke svaret ditt.',
  reaskNumber: 'Svar med et tall fra {min} til {max}.',
  reaskExact: 'Svar {n}.',
  reaskYesNo: 'Svar {yes} eller {no}.',
  reaskText: 'Skriv svaret ditt i en SMS.',
  thanks: 'Takk for svarene dine! Vi setter stor pris på tilbakemeldingen.',
  gaveUp:
    'Beklager, vi forsto fortsatt ikke svaret ditt. Vi har notert meldingen din og avslutter undersøkelsen her. Takk for at du tok deg tid!',
  noOpenSurvey:
    'Takk for meldingen din. Det er ingen undersøkelse som venter på svar fra deg akkurat nå. Svar {help} for mer informasjon.',
  surveyClosed:
    'Takk for svaret ditt! Dessverre er undersøkelsen allerede avsluttet, så det er ikke lenger mulig å svare.',
  optedOut: 'Du er nå meldt av og får ikke flere undersøkelser på SMS fra oss. Svar {start} for å melde deg på igjen.',
  optedIn: 'Du er nå meldt på igjen og kan få undersøkelser på SMS fra oss. Svar {stop} for å melde deg av.',
  help: 'Vi sender korte kundeundersøkelser på SMS fra dette nummeret. Svar {stop} for å melde deg av eller {start} for å melde deg på igjen.',
};

/** SMS reply texts per supported UI locale. */
export const SMS_REPLY_STRINGS: Readonly<Record<UiLocale, SmsReplyStrings>> = { en, fi, sv, nb };

function template(ui: UiLocale, key: keyof SmsReplyStrings, values: Record<string, string | number> = {}): string {
  return fillSmsTemplate(ui, SMS_REPLY_STRINGS[ui][key], values);
}

/**
 * Re-ask after an unreadable reply, naming the valid answers:
 * "Sorry, we didn't catch that. Please reply with a number from 0 to 10." (1 to N for single choice).
 * Free text never needs a real re-ask, since any non-empty reply is an answer; for an empty
 * message this asks for the answer to be typed rather than repeating the question (which
 * needs the localized text this function does not get).
 */
export function smsReask(question: Pick<Question, 'type' | 'choices'>, ui: UiLocale): string {
  const { type } = question;
  const prefix = template(ui, 'reaskPrefix');
  if (isScaleType(type)) return joinSmsParts(prefix, template(ui, 'reaskNumber', SCALE_RANGES[type]));
  switch (type) {
    case 'yes_no':
      return joinSmsParts(prefix, template(ui, 'reaskYesNo'));
    case 'single_choice': {
      const n = question.choices?.length ?? 0;
      if (n === 0) return prefix;
      if (n === 1) return joinSmsParts(prefix, template(ui, 'reaskExact', { n: 1 }));
      return joinSmsParts(prefix, template(ui, 'reaskNumber', { min: 1, max: n }));
    }
    case 'text':
      return joinSmsParts(prefix, template(ui, 'reaskText'));
  }
}

/** Thanks after the last question. */
export function smsThanks(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'thanks'));
}

/** After a second unreadable reply: ends the survey politely and says the reply was noted. */
export function smsGaveUp(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'gaveUp'));
}

/** A text arrived but no survey is waiting for an answer; points to the help keyword. */
export function smsNoOpenSurvey(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'noOpenSurvey'));
}

/** A reply after the survey expired: it has closed, thanks anyway. */
export function smsSurveyClosed(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'surveyClosed'));
}

/** Opt-out confirmation, naming the locale's opt-in keyword. */
export function smsOptedOut(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'optedOut'));
}

/** Opt-in confirmation, naming the locale's opt-out keyword. */
export function smsOptedIn(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'optedIn'));
}

/** Help: who is texting (the company prefix), and the opt-out and opt-in keywords. */
export function smsHelp(ui: UiLocale, companyName: string): string {
  return fromCompany(companyName, template(ui, 'help'));
}
