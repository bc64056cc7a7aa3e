import type { UiLocale } from './locale';

/**
 * What people who sign in to the console read: the sign-in and invitation emails and the pages
 * around the link. Every locale defines every key (a missing translation is a compile error).
 * `{name}` placeholders are filled with `fill` from ui-strings.
 */
export interface SignInStrings {
  signInTitle: string;
  emailLabel: string;
  sendLink: string;
  sentTitle: string;
  /** `{minutes}` */
  sentBody: string;
  expiredTitle: string;
  expiredBody: string;
  usedTitle: string;
  usedBody: string;
  invalidTitle: string;
  invalidBody: string;
  tooManyTitle: string;
  tooManyBody: string;
  getNewLink: string;
  /** The page a link opens before anything is used: mail scanners that open links change nothing. */
  continueTitle: string;
  /** `{email}` */
  continueBody: string;
  continueButton: string;
  howToGetNew: string;
  signInSubject: string;
  /** `{workspace}` */
  inviteSubject: string;
  /** `{minutes}` */
  signInIntro: string;
  /** `{workspace}`, `{hours}` */
  inviteIntro: string;
  /** `{workspace}` */
  signInButton: string;
  ignoreNotice: string;
}

const en: SignInStrings = {
  signInTitle: 'Sign in',
  emailLabel: 'Email',
  sendLink: 'Send me a sign-in link',
  sentTitle: 'Check your email',
  sentBody: 'If the address belongs to a user, a sign-in link is on its way. It works once, for {minutes} minutes.',
  expiredTitle: 'This sign-in link has expired',
  expiredBody: 'A sign-in link works only for a short time.',
  usedTitle: 'This sign-in link has already been used',
  usedBody: 'Each link works only once.',
  invalidTitle: 'This sign-in link is not valid',
  invalidBody: 'Check that you opened the whole link from the email.',
  tooManyTitle: 'Too many attempts',
  tooManyBody: 'Wait a while and try again.',
  getNewLink: 'Ask for a new link',
  continueTitle: 'Sign in to Palaute',
  continueBody: 'You are signing in as {email}.',
  continueButton: 'Continue',
  howToGetNew: 'Enter your email address on the sign-in page and we will send you a new link.',
  signInSubject: 'Your sign-in link – Palaute',
  inviteSubject: 'Invitation to {workspace} – Palaute',
  signInIntro: 'Use the link below to sign in. It works once, for {minutes} minutes.',
  inviteIntro: 'You have been invited to the workspace {workspace} on Palaute. The link works once, for {hours} hours.',
  signInButton: 'Sign in: {workspace}',
  ignoreNotice: 'If you did not ask for this, you can ignore this email.',
};

const fi: SignInStrings = {
  signInTitle: 'Kirjaudu sisään',
  emailLabel: 'Sähköposti',
  sendLink: 'Lähetä minulle kirjautumislinkki',
  sentTitle: 'Tarkista sähköpostisi',
  sentBody: 'Jos osoite kuuluu käyttäjälle, kirjautumislinkki on matkalla. Se toimii kerran, {minutes} minuutin ajan.',
  expiredTitle: 'Tämä kirjautumislinkki on vanhentunut',
  expiredBody: 'Kirjautumislinkki on voimassa vain lyhyen aikaa.',
  usedTitle: 'Tämä kirjautumislinkki on jo käytetty',
  usedBody: 'Jokainen linkki toimii vain kerran.',
  invalidTitle: 'Tämä kirjautumislinkki ei kelpaa',
  invalidBody: 'Tarkista, että avasit sähköpostin linkin kokonaan.',
  tooManyTitle: 'Liian monta yritystä',
  tooManyBody: 'Odota hetki ja yritä uudelleen.',
  getNewLink: 'Pyydä uusi linkki',
  continueTitle: 'Kirjaudu Palautteeseen',
  continueBody: 'Olet kirjautumassa osoitteella {email}.',
  continueButton: 'Jatka',
  howToGetNew: 'Anna sähköpostiosoitteesi kirjautumissivulla, niin lähetämme uuden linkin.',
  signInSubject: 'Kirjautumislinkkisi – Palaute',
  inviteSubject: 'Kutsu työtilaan {workspace} – Palaute',
  signInIntro: 'Kirjaudu sisään alla olevalla linkillä. Se toimii kerran, {minutes} minuutin ajan.',
  inviteIntro: 'Sinut on kutsuttu Palautteen työtilaan {workspace}. Linkki toimii kerran, {hours} tunnin ajan.',
  signInButton: 'Kirjaudu: {workspace}',
  ignoreNotice: 'Jos et pyytänyt tätä, voit jättää viestin huomiotta.',
};

const sv: SignInStrings = {
  signInTitle: 'Logga in',
  emailLabel: 'E-post',
  sendLink: 'Skicka en inloggningslänk',
  sentTitle: 'Kolla din e-post',
  sentBody:
    'Om adressen hör till en användare är en inloggningslänk på väg. Den fungerar en gång, i {minutes} minuter.',
  expiredTitle: 'Inloggningslänken har gått ut',
  expiredBody: 'En inloggningslänk gäller bara en kort tid.',
  usedTitle: 'Inloggningslänken har redan använts',
  usedBody: 'Varje länk fungerar bara en gång.',
  invalidTitle: 'Inloggningslänken är ogiltig',
  invalidBody: 'Kontrollera att du öppnade hela länken i e-postmeddelandet.',
  tooManyTitle: 'För många försök',
  tooManyBody: 'Vänta en stund och försök igen.',
  getNewLink: 'Be om en ny länk',
  continueTitle: 'Logga in i Palaute',
  continueBody: 'Du loggar in som {email}.',
  continueButton: 'Fortsätt',
  howToGetNew: 'Ange din e-postadress på inloggningssidan så skickar vi en ny länk.',
  signInSubject: 'Din inloggningslänk – Palaute',
  inviteSubject: 'Inbjudan till {workspace} – Palaute',
  signInIntro: 'Logga in med länken nedan. Den fungerar en gång, i {minutes} minuter.',
  inviteIntro: 'Du har bjudits in till arbetsytan {workspace} i Palaute. Länken fungerar en gång, i {hours} timmar.',
  signInButton: 'Logga in: {workspace}',
  ignoreNotice: 'Om du inte bad om detta kan du bortse från meddelandet.',
};

const nb: SignInStrings = {
  signInTitle: 'Logg inn',
  emailLabel: 'E-post',
  sendLink: 'Send meg en innloggingslenke',
  sentTitle: 'Sjekk e-posten din',
  sentBody:
    'Hvis adressen tilhører en bruker, er en innloggingslenke på vei. Den virker én gang, i {minutes} minutter.',
  expiredTitle: 'Innloggingslenken er utløpt',
  expiredBody: 'En innloggingslenke gjelder bare en kort tid.',
  usedTitle: 'Innloggingslenken er allerede brukt',
  usedBody: 'Hver lenke virker bare én gang.',
  invalidTitle: 'Innloggingslenken er ugyldig',
  invalidBody: 'Sjekk at du åpnet hele lenken i e-posten.',
  tooManyTitle: 'For mange forsøk',
  tooManyBody: 'Vent litt og prøv igjen.',
  getNewLink: 'Be om en ny lenke',
  continueTitle: 'Logg inn i Palaute',
  continueBody: 'Du logger inn som {email}.',
  continueButton: 'Fortsett',
  howToGetNew: 'Skriv inn e-postadressen din på innloggingssiden, så sender vi en ny lenke.',
  signInSubject: 'Innloggingslenken din – Palaute',
  inviteSubject: 'Invitasjon til {workspace} – Palaute',
  signInIntro: 'Logg inn med lenken nedenfor. Den virker én gang, i {minutes} minutter.',
  inviteIntro: 'Du er invitert til arbeidsområdet {workspace} i Palaute. Lenken virker én gang, i {hours} timer.',
  signInButton: 'Logg inn: {workspace}',
  ignoreNotice: 'Hvis du ikke ba om dette, kan du se bort fra e-posten.',
};

/** Sign-in strings per supported UI locale. */
export const SIGN_IN_STRINGS: Readonly<Record<UiLocale, SignInStrings>> = { en, fi, sv, nb };
