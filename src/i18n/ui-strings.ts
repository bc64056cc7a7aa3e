import type { UiLocale } from './locale';

/** Seven CES agreement labels, "strongly disagree" (1) to "strongly agree" (7). */
export type CesLabels = readonly [string, string, string, string, string, string, string];

/**
 * Built-in interface text. Every locale must define every key, so a missing translation
 * is a compile error rather than an English word on a Finnish page.
 * `{name}` placeholders are filled with {@link fill}.
 */
export interface UiStrings {
  submit: string;
  next: string;
  /** Button for a free-text question in an email, linking to the survey page. */
  answer: string;
  thankYouTitle: string;
  thankYouBody: string;
  /** Promoters only: the invitation to a public review or a referral, and its button. */
  promoterReviewLead: string;
  promoterReviewButton: string;
  promoterReferralLead: string;
  promoterReferralButton: string;
  /** `{date}`: when the earlier answer was given, already formatted for the locale. */
  alreadyAnsweredNotice: string;
  changeAnswers: string;
  expiredTitle: string;
  expiredBody: string;
  notFoundTitle: string;
  notFoundBody: string;
  errorRequired: string;
  /** `{min}`, `{max}` */
  errorOutOfRange: string;
  errorNotANumber: string;
  errorUnknownChoice: string;
  /** `{max}`: allowed length in characters. */
  errorTooLong: string;
  errorSummary: string;
  yes: string;
  no: string;
  npsLow: string;
  npsHigh: string;
  csatLow: string;
  csatHigh: string;
  cesLabels: CesLabels;
  /** `{company}`; the name stays uninflected, hence the "Company: …" shape. */
  emailSubject: string;
  /** `{name}` */
  emailGreeting: string;
  emailGreetingNoName: string;
  emailIntro: string;
  emailClickHint: string;
  emailClickChoiceHint: string;
  emailFooterUnsubscribe: string;
  unsubscribeTitle: string;
  unsubscribeConfirmBody: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  optionalLabel: string;
  /** `{company}` */
  pageTitle: string;
}

const en: UiStrings = {
  submit: 'Submit',
  next: 'Next',
  answer: 'Answer the survey',
  thankYouTitle: 'Thank you!',
  thankYouBody: 'Your answer has been saved. We appreciate your feedback.',
  promoterReviewLead: 'Glad to hear it! Would you share your experience in a public review?',
  promoterReviewButton: 'Write a review',
  promoterReferralLead: 'Glad to hear it! Know someone who would like us too?',
  promoterReferralButton: 'Recommend us',
  alreadyAnsweredNotice: 'You already answered on {date}. You can change your answers below.',
  changeAnswers: 'Change your answers',
  expiredTitle: 'This survey has closed',
  expiredBody: 'The link has expired, so answers can no longer be given. Thank you for your interest.',
  notFoundTitle: 'Survey not found',
  notFoundBody: 'Please check that the link is complete – some email programs split long links.',
  errorRequired: 'Please answer this question.',
  errorOutOfRange: 'Please choose a value from {min} to {max}.',
  errorNotANumber: 'Please choose a number.',
  errorUnknownChoice: 'Please choose one of the options.',
  errorTooLong: 'Your answer is too long. Please use at most {max} characters.',
  errorSummary: 'Please check the following answers',
  yes: 'Yes',
  no: 'No',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csatLow: 'Very dissatisfied',
  csatHigh: 'Very satisfied',
  cesLabels: [
    'Strongly disagree',
    'Disagree',
    'Somewhat disagree',
    'Neither agree nor disagree',
    'Somewhat agree',
    'Agree',
    'Strongly agree',
  ],
  emailSubject: '{company}: How did we do?',
  emailGreeting: 'Hi {name},',
  emailGreetingNoName: 'Hello,',
  emailIntro: 'We would love to hear what you think. Answering takes less than a minute.',
  emailClickHint: 'Click a number to answer',
  emailClickChoiceHint: 'Click an option to answer',
  emailFooterUnsubscribe: 'Unsubscribe from surveys',
  unsubscribeTitle: 'Stop receiving surveys?',
  unsubscribeConfirmBody: 'Confirm below and we will stop sending you feedback surveys.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You have been unsubscribed',
  unsubscribedBody: 'You will no longer receive feedback surveys from us.',
  optionalLabel: '(optional)',
  pageTitle: '{company} – Feedback',
};

const fi: UiStrings = {
  submit: 'Lähetä',
  next: 'Seuraava',
  answer: 'Vastaa kyselyyn',
  thankYouTitle: 'Kiitos!',
  thankYouBody: 'Vastauksesi on tallennettu. Arvostamme palautettasi.',
  promoterReviewLead: 'Kiva kuulla! Kertoisitko kokemuksestasi julkisessa arviossa?',
  promoterReviewButton: 'Kirjoita arvio',
  promoterReferralLead: 'Kiva kuulla! Tunnetko jonkun, joka voisi pitää meistä myös?',
  promoterReferralButton: 'Suosittele meitä',
  alreadyAnsweredNotice: 'Vastasit jo {date}. Voit muuttaa vastauksiasi alla.',
  changeAnswers: 'Muuta vastauksia',
  expiredTitle: 'Kysely on päättynyt',
  expiredBody: 'Linkki on vanhentunut, joten kyselyyn ei voi enää vastata. Kiitos mielenkiinnostasi.',
  notFoundTitle: 'Kyselyä ei löytynyt',
  notFoundBody: 'Tarkista, että linkki on kokonainen – jotkin sähköpostiohjelmat katkaisevat pitkät linkit.',
  errorRequired: 'Vastaa tähän kysymykseen.',
  errorOutOfRange: 'Valitse arvo väliltä {min}–{max}.',
  errorNotANumber: 'Valitse numero.',
  errorUnknownChoice: 'Valitse jokin annetuista vaihtoehdoista.',
  errorTooLong: 'Vastauksesi on liian pitkä. Enimmäispituus on {max} merkkiä.',
  errorSummary: 'Tarkista seuraavat vastaukset',
  yes: 'Kyllä',
  no: 'Ei',
  npsLow: 'En lainkaan todennäköisesti',
  npsHigh: 'Erittäin todennäköisesti',
  csatLow: 'Erittäin tyytymätön',
  csatHigh: 'Erittäin tyytyväinen',
  cesLabels: [
    'Aivan eri mieltä',
    'Eri mieltä',
    'Jokseenkin eri mieltä',
    'Ei samaa eikä eri mieltä',
    'Jokseenkin samaa mieltä',
    'Samaa mieltä',
    'Täysin samaa mieltä',
  ],
  emailSubject: '{company}: Miten onnistuimme?',
  emailGreeting: 'Hei {name},',
  emailGreetingNoName: 'Hei,',
  emailIntro: 'Haluaisimme kuulla mielipiteesi. Vastaaminen vie alle minuutin.',
  emailClickHint: 'Vastaa napsauttamalla numeroa',
  emailClickChoiceHint: 'Vastaa napsauttamalla vaihtoehtoa',
  emailFooterUnsubscribe: 'Peru palautekyselyjen tilaus',
  unsubscribeTitle: 'Etkö halua enää palautekyselyitä?',
  unsubscribeConfirmBody: 'Vahvista alla, niin emme lähetä sinulle enää palautekyselyitä.',
  unsubscribeButton: 'Peru tilaus',
  unsubscribedTitle: 'Tilaus on peruttu',
  unsubscribedBody: 'Et saa meiltä enää palautekyselyitä.',
  optionalLabel: '(vapaaehtoinen)',
  pageTitle: '{company} – Palautekysely',
};

const sv: UiStrings = {
  submit: 'Skicka',
  next: 'Nästa',
  answer: 'Svara på enkäten',
  thankYouTitle: 'Tack!',
  thankYouBody: 'Ditt svar har sparats. Vi uppskattar att du tog dig tid.',
  promoterReviewLead: 'Roligt att höra! Vill du dela din upplevelse i en offentlig recension?',
  promoterReviewButton: 'Skriv en recension',
  promoterReferralLead: 'Roligt att höra! Känner du någon som också skulle gilla oss?',
  promoterReferralButton: 'Rekommendera oss',
  alreadyAnsweredNotice: 'Du svarade redan {date}. Du kan ändra dina svar nedan.',
  changeAnswers: 'Ändra dina svar',
  expiredTitle: 'Enkäten är stängd',
  expiredBody: 'Länken har gått ut och det går inte längre att svara. Tack för ditt intresse.',
  notFoundTitle: 'Enkäten hittades inte',
  notFoundBody: 'Kontrollera att länken är komplett – vissa e-postprogram delar upp långa länkar.',
  errorRequired: 'Svara på den här frågan.',
  errorOutOfRange: 'Välj ett värde mellan {min} och {max}.',
  errorNotANumber: 'Välj en siffra.',
  errorUnknownChoice: 'Välj ett av alternativen.',
  errorTooLong: 'Ditt svar är för långt. Använd högst {max} tecken.',
  errorSummary: 'Kontrollera följande svar',
  yes: 'Ja',
  no: 'Nej',
  npsLow: 'Inte alls sannolikt',
  npsHigh: 'Mycket sannolikt',
  csatLow: 'Mycket missnöjd',
  csatHigh: 'Mycket nöjd',
  cesLabels: [
    'Tar helt avstånd',
    'Tar avstånd',
    'Tar delvis avstånd',
    'Varken instämmer eller tar avstånd',
    'Instämmer delvis',
    'Instämmer',
    'Instämmer helt',
  ],
  emailSubject: '{company}: Hur var din upplevelse?',
  emailGreeting: 'Hej {name},',
  emailGreetingNoName: 'Hej,',
  emailIntro: 'Vi vill gärna höra vad du tycker. Det tar mindre än en minut att svara.',
  emailClickHint: 'Klicka på en siffra för att svara',
  emailClickChoiceHint: 'Klicka på ett alternativ för att svara',
  emailFooterUnsubscribe: 'Avregistrera dig från enkäter',
  unsubscribeTitle: 'Vill du sluta få enkäter?',
  unsubscribeConfirmBody: 'Bekräfta nedan så slutar vi skicka enkäter till dig.',
  unsubscribeButton: 'Avregistrera mig',
  unsubscribedTitle: 'Du är avregistrerad',
  unsubscribedBody: 'Du kommer inte längre att få enkäter från oss.',
  optionalLabel: '(valfritt)',
  pageTitle: '{company} – Enkät',
};

const nb: UiStrings = {
  submit: 'Send',
  next: 'Neste',
  answer: 'Svar på undersøkelsen',
  thankYouTitle: 'Takk!',
  thankYouBody: 'Svaret ditt er lagret. Vi setter pris på tilbakemeldingen din.',
  promoterReviewLead: 'Så hyggelig å høre! Vil du dele opplevelsen din i en offentlig anmeldelse?',
  promoterReviewButton: 'Skriv en anmeldelse',
  promoterReferralLead: 'Så hyggelig å høre! Kjenner du noen som også ville likt oss?',
  promoterReferralButton: 'Anbefal oss',
  alreadyAnsweredNotice: 'Du svarte allerede {date}. Du kan endre svarene dine nedenfor.',
  changeAnswers: 'Endre svarene dine',
  expiredTitle: 'Undersøkelsen er avsluttet',
  expiredBody: 'Lenken er utløpt, og det er ikke lenger mulig å svare. Takk for interessen.',
  notFoundTitle: 'Fant ikke undersøkelsen',
  notFoundBody: 'Kontroller at lenken er fullstendig – noen e-postprogrammer deler opp lange lenker.',
  errorRequired: 'Svar på dette spørsmålet.',
  errorOutOfRange: 'Velg en verdi fra {min} til {max}.',
  errorNotANumber: 'Velg et tall.',
  errorUnknownChoice: 'Velg ett av alternativene.',
  errorTooLong: 'Svaret ditt er for langt. Bruk maks {max} tegn.',
  errorSummary: 'Kontroller følgende svar',
  yes: 'Ja',
  no: 'Nei',
  npsLow: 'Svært lite sannsynlig',
  npsHigh: 'Svært sannsynlig',
  csatLow: 'Svært misfornøyd',
  csatHigh: 'Svært fornøyd',
  cesLabels: ['Helt uenig', 'Uenig', 'Litt uenig', 'Verken enig eller uenig', 'Litt enig', 'Enig', 'Helt enig'],
  emailSubject: '{company}: Hvordan var opplevelsen din?',
  emailGreeting: 'Hei {name},',
  emailGreetingNoName: 'Hei,',
  emailIntro: 'Vi vil gjerne høre hva du synes. Det tar under ett minutt å svare.',
  emailClickHint: 'Klikk på et tall for å svare',
  emailClickChoiceHint: 'Klikk på et alternativ for å svare',
  emailFooterUnsubscribe: 'Meld deg av undersøkelser',
  unsubscribeTitle: 'Vil du slutte å motta undersøkelser?',
  unsubscribeConfirmBody: 'Bekreft nedenfor, så slutter vi å sende deg undersøkelser.',
  unsubscribeButton: 'Meld meg av',
  unsubscribedTitle: 'Du er meldt av',
  unsubscribedBody: 'Du vil ikke lenger motta undersøkelser fra oss.',
  optionalLabel: '(valgfritt)',
  pageTitle: '{company} – Tilbakemelding',
};

/** Interface strings per supported UI locale. */
export const UI_STRINGS: Readonly<Record<UiLocale, UiStrings>> = { en, fi, sv, nb };

/** Replaces `{key}` placeholders; unknown ones are left visible so a typo is noticed. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
