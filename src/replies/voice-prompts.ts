import type { UiLocale } from '../i18n/locale';
import { fill } from '../i18n/ui-strings';
import type { LocalizedQuestion } from '../surveys/localize';
import { isScaleType, type Question, SCALE_RANGES } from '../surveys/survey-definition';

/**
 * Built-in speech of the phone (IVR) survey over Twilio Voice: what `<Say>` reads to the contact.
 *
 * Every locale must define every key, so a missing translation is a compile error. Placeholders
 * (`{company}`, `{min}`, `{max}`, `{n}`, `{label}`, `{list}`) are filled with {@link fill}.
 * Customer content (company name, question text, choice labels) is inserted as given. Sentences
 * are built so the company name never needs inflecting (Finnish cases, sv/nb genitive).
 *
 * The texts name only keys the call flow really uses: the hash key for NPS (two digits, then #)
 * and for the end of a recording, single keys elsewhere. A single-digit scale must NOT ask for
 * the hash key: its `<Gather numDigits="1">` submits on the first key, so a trailing # would land
 * in the next question's Gather and count there as "no input".
 */
export interface VoiceStrings {
  /** `{company}`: opens the call. */
  greeting: string;
  /** Greeting when there is no company name. */
  greetingNoCompany: string;

  /** NPS 0–10 (`{min}`, `{max}`): digits, then the hash key. */
  npsInstruction: string;
  /** CSAT 1–5 (`{min}`, `{max}`): one key. */
  csatInstruction: string;
  /** CES 1–7 (`{min}`, `{max}`): one key. */
  cesInstruction: string;
  /** Keys 1 = yes, 2 = no; saying the word works too (`parseSmsReply` must read it). */
  yesNoInstruction: string;
  /** `{list}`: the options joined with the separators below. */
  choiceInstruction: string;
  /** `{n}`, `{label}`: one option. */
  choiceItem: string;
  choiceSeparator: string;
  /** Between the last two options. */
  choiceLastSeparator: string;
  /** Free text: speak after the tone, hash key to finish. */
  openInstruction: string;

  /** Opens every re-prompt, followed by the instruction again. */
  repromptPrefix: string;
  /** After the last re-prompt of a question, before the next question. */
  movingOn: string;
  /** After the last re-prompt when nothing was answered at all: ends the call. */
  noAnswerEnding: string;
  /** After the last question. */
  thanks: string;
  /** `{company}`: left on an answering machine (optional). */
  machineMessage: string;
  /** Answering-machine message when there is no company name. */
  machineMessageNoCompany: string;
}

const en: VoiceStrings = {
  greeting: 'Hello, this is a short survey from {company}. It takes about a minute.',
  greetingNoCompany: 'Hello, this is a short customer survey. It takes about a minute.',
  npsInstruction: 'Press a number from {min} to {max}, then the hash key.',
  csatInstruction: 'Press a number from {min} to {max}.',
  cesInstruction: 'Press a number from {min} to {max}.',
  yesNoInstruction: 'Press 1 for yes, 2 for no. You can also say yes or no.',
  choiceInstruction: 'Press {list}.',
  choiceItem: '{n} for {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ', or ',
  openInstruction: 'After the tone, tell us in your own words. Press the hash key when you are done.',
  repromptPrefix: "Sorry, I didn't get that.",
  movingOn: "Let's move on.",
  noAnswerEnding: "We didn't hear an answer. Thank you for your time. Goodbye.",
  thanks: 'Thank you for your answers. Goodbye.',
  machineMessage: 'Hello, this is {company}. We called about a short survey. Thank you, goodbye.',
  machineMessageNoCompany: 'Hello. We called about a short customer survey. Thank you, goodbye.',
};

// Finnish: the company is the subject of a relative clause ("jonka tekee Acme") or follows the
// phone idiom "täällä Acme", so it stays in the nominative. Scale ranges are spelled out
// ("nollasta kymmeneen"): a digit range would need case endings the synthesiser may misread.
const fi: VoiceStrings = {
  greeting: 'Hei, tämä on lyhyt kysely, jonka tekee {company}. Vastaaminen vie noin minuutin.',
  greetingNoCompany: 'Hei, tämä on lyhyt asiakaskysely. Vastaaminen vie noin minuutin.',
  npsInstruction: 'Näppäile luku nollasta kymmeneen ja paina sitten risuaitaa.',
  csatInstruction: 'Näppäile luku yhdestä viiteen.',
  cesInstruction: 'Näppäile luku yhdestä seitsemään.',
  yesNoInstruction: 'Jos vastaus on kyllä, paina 1. Jos ei, paina 2. Voit myös sanoa kyllä tai ei.',
  // Labels are customer text and cannot be inflected, so Finnish uses the IVR menu shape "Hinta, paina 1."
  choiceInstruction: '{list}.',
  choiceItem: '{label}, paina {n}',
  choiceSeparator: '. ',
  choiceLastSeparator: '. ',
  openInstruction: 'Kerro vastauksesi omin sanoin äänimerkin jälkeen. Kun olet valmis, paina risuaitaa.',
  repromptPrefix: 'Anteeksi, en saanut selvää.',
  movingOn: 'Siirrytään eteenpäin.',
  noAnswerEnding: 'Emme kuulleet vastausta. Kiitos ajastasi, näkemiin.',
  thanks: 'Kiitos vastauksistasi. Näkemiin.',
  machineMessage: 'Hei, täällä {company}. Soitimme lyhyen kyselyn merkeissä. Kiitos ja näkemiin.',
  machineMessageNoCompany: 'Hei. Soitimme lyhyen asiakaskyselyn merkeissä. Kiitos ja näkemiin.',
};

const sv: VoiceStrings = {
  greeting: 'Hej, det här är en kort enkät från {company}. Den tar ungefär en minut.',
  greetingNoCompany: 'Hej, det här är en kort kundenkät. Den tar ungefär en minut.',
  npsInstruction: 'Knappa in en siffra från {min} till {max} och tryck sedan fyrkant.',
  csatInstruction: 'Tryck en siffra från {min} till {max}.',
  cesInstruction: 'Tryck en siffra från {min} till {max}.',
  yesNoInstruction: 'Tryck 1 för ja, 2 för nej. Du kan också säga ja eller nej.',
  choiceInstruction: 'Tryck {list}.',
  choiceItem: '{n} för {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ' eller ',
  openInstruction: 'Berätta med egna ord efter tonen. Tryck fyrkant när du är klar.',
  repromptPrefix: 'Förlåt, det uppfattade jag inte.',
  movingOn: 'Vi går vidare.',
  noAnswerEnding: 'Vi hörde inget svar. Tack för din tid. Hej då.',
  thanks: 'Tack för dina svar. Hej då.',
  machineMessage: 'Hej, det här är {company}. Vi ringde angående en kort enkät. Tack och hej då.',
  machineMessageNoCompany: 'Hej. Vi ringde angående en kort kundenkät. Tack och hej då.',
};

const nb: VoiceStrings = {
  greeting: 'Hei, dette er en kort undersøkelse fra {company}. Den tar omtrent ett minutt.',
  greetingNoCompany: 'Hei, dette er en kort kundeundersøkelse. Den tar omtrent ett minutt.',
  npsInstruction: 'Tast inn et tall fra {min} til {max}, og trykk deretter firkant.',
  csatInstruction: 'Trykk et tall fra {min} til {max}.',
  cesInstruction: 'Trykk et tall fra {min} til {max}.',
  yesNoInstruction: 'Trykk 1 for ja, 2 for nei. Du kan også si ja eller nei.',
  choiceInstruction: 'Trykk {list}.',
  choiceItem: '{n} for {label}',
  choiceSeparator: ', ',
  choiceLastSeparator: ' eller ',
  openInstruction: 'Fortell med egne ord etter tonen. Trykk firkant når du er ferdig.',
  repromptPrefix: 'Beklager, det fikk jeg ikke med meg.',
  movingOn: 'Vi går videre.',
  noAnswerEnding: 'Vi hørte ikke noe svar. Takk for at du tok deg tid. Ha det bra.',
  thanks: 'Takk for svarene dine. Ha det bra.',
  machineMessage: 'Hei, dette er {company}. Vi ringte angående en kort undersøkelse. Takk, og ha det bra.',
  machineMessageNoCompany: 'Hei. Vi ringte angående en kort kundeundersøkelse. Takk, og ha det bra.',
};

/** Phone survey speech per supported UI locale. */
export const VOICE_STRINGS: Readonly<Record<UiLocale, VoiceStrings>> = { en, fi, sv, nb };

/** `<Say language voice>` (and `<Gather language>` for speech recognition) for one locale. */
export interface VoiceSettings {
  /** Twilio language code, e.g. `fi-FI`; also the speech-recognition language of `<Gather>`. */
  language: string;
  /** Twilio voice name, e.g. `Polly.Joanna`. Must be a voice Twilio offers for `language`. */
  voice: string;
}

/**
 * Working defaults: an Amazon Polly voice Twilio offers for each language.
 * Finnish has no Polly *standard* voice; Suvi exists only on the neural engine, which Twilio
 * names `Polly.Suvi-Neural` (plain `Polly.Suvi` is not a Twilio voice). Astrid, Liv and Joanna
 * are standard voices (neural alternatives: `Polly.Elin-Neural`, `Polly.Ida-Neural`,
 * `Polly.Joanna-Neural`, priced higher).
 */
export const VOICE_DEFAULTS: Readonly<Record<UiLocale, Readonly<VoiceSettings>>> = {
  en: { language: 'en-US', voice: 'Polly.Joanna' },
  fi: { language: 'fi-FI', voice: 'Polly.Suvi-Neural' },
  sv: { language: 'sv-SE', voice: 'Polly.Astrid' },
  nb: { language: 'nb-NO', voice: 'Polly.Liv' },
};

/** Configured voice per locale, field by field over {@link VOICE_DEFAULTS}; blank values are ignored. */
export type VoiceConfig = Partial<Record<UiLocale, Partial<VoiceSettings>>>;

export function voiceSettings(ui: UiLocale, config: VoiceConfig = {}): VoiceSettings {
  const base = VOICE_DEFAULTS[ui];
  const own = config[ui] ?? {};
  const pick = (value: string | undefined, fallback: string) => (value?.trim() ? value.trim() : fallback);
  return { language: pick(own.language, base.language), voice: pick(own.voice, base.voice) };
}

function template(ui: UiLocale, key: keyof VoiceStrings, values: Record<string, string | number> = {}): string {
  return fill(VOICE_STRINGS[ui][key], values);
}

/** Non-empty parts, each trimmed, joined by single spaces. */
function join(...parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' ');
}

function withCompany(ui: UiLocale, companyName: string, key: 'greeting' | 'machineMessage'): string {
  const company = companyName.trim();
  if (company === '') return template(ui, key === 'greeting' ? 'greetingNoCompany' : 'machineMessageNoCompany');
  return template(ui, key, { company });
}

/** "Hello, this is a short survey from Acme. It takes about a minute." */
export function voiceGreeting(ui: UiLocale, companyName: string): string {
  return withCompany(ui, companyName, 'greeting');
}

/**
 * How to answer `question` on the phone: NPS "Press a number from 0 to 10, then the hash key.",
 * CSAT/CES one key, yes/no "Press 1 for yes, 2 for no. …", single choice "Press 1 for Price,
 * 2 for Quality, or 3 for Service." (definition order, labels as given, the id where a label is
 * empty), free text the recording instruction. A choice question without labels gets "".
 */
export function voiceInstruction(question: Pick<Question, 'type'>, localized: LocalizedQuestion, ui: UiLocale): string {
  const { type } = question;
  if (isScaleType(type)) {
    const key = type === 'nps' ? 'npsInstruction' : type === 'csat' ? 'csatInstruction' : 'cesInstruction';
    return template(ui, key, SCALE_RANGES[type]);
  }
  switch (type) {
    case 'yes_no':
      return template(ui, 'yesNoInstruction');
    case 'single_choice': {
      const s = VOICE_STRINGS[ui];
      const items = (localized.choiceLabels ?? []).map((c, i) =>
        fill(s.choiceItem, { n: i + 1, label: c.label.trim() || c.id }),
      );
      if (items.length === 0) return '';
      const list =
        items.length === 1
          ? items[0]
          : items.slice(0, -1).join(s.choiceSeparator) + s.choiceLastSeparator + items[items.length - 1];
      return fill(s.choiceInstruction, { list });
    }
    case 'text':
      return template(ui, 'openInstruction');
  }
}

/** "<question text> <instruction>": what the first ask of a question says. */
export function voiceQuestion(question: Pick<Question, 'type'>, localized: LocalizedQuestion, ui: UiLocale): string {
  return join(localized.text, voiceInstruction(question, localized, ui));
}

/** "Sorry, I didn't get that." */
export function voiceRepromptPrefix(ui: UiLocale): string {
  return template(ui, 'repromptPrefix');
}

/** After no or invalid input: "Sorry, I didn't get that. Press a number from 0 to 10, then the hash key." */
export function voiceReprompt(question: Pick<Question, 'type'>, localized: LocalizedQuestion, ui: UiLocale): string {
  return join(voiceRepromptPrefix(ui), voiceInstruction(question, localized, ui));
}

/** "Let's move on." */
export function voiceMovingOn(ui: UiLocale): string {
  return template(ui, 'movingOn');
}

/** "We didn't hear an answer. Thank you for your time. Goodbye." */
export function voiceNoAnswerEnding(ui: UiLocale): string {
  return template(ui, 'noAnswerEnding');
}

/** "Thank you for your answers. Goodbye." */
export function voiceThanks(ui: UiLocale): string {
  return template(ui, 'thanks');
}

/** Answering machine: "Hello, this is Acme. We called about a short survey. Thank you, goodbye." */
export function voiceMachineMessage(ui: UiLocale, companyName: string): string {
  return withCompany(ui, companyName, 'machineMessage');
}
