import { readFileSync } from 'fs';

import { SUPPORTED_UI_LOCALES, type UiLocale } from '../i18n/locale';
import type { LocalizedQuestion } from '../surveys/localize';
import type { QuestionType } from '../surveys/survey-definition';
import { parseSmsReply } from './sms-reply.parser';
import {
  VOICE_DEFAULTS,
  VOICE_STRINGS,
  voiceGreeting,
  voiceInstruction,
  voiceMachineMessage,
  voiceMovingOn,
  voiceNoAnswerEnding,
  voiceQuestion,
  voiceReprompt,
  voiceRepromptPrefix,
  voiceSettings,
  voiceThanks,
} from './voice-prompts';

const LOCALES = [...SUPPORTED_UI_LOCALES];
const q = (type: QuestionType) => ({ type });
const plain = (text: string): LocalizedQuestion => ({ text });
const LABELS = [
  { id: 'price', label: 'Price' },
  { id: 'quality', label: 'Quality' },
  { id: 'service', label: 'Service' },
];
const HASH: Record<UiLocale, RegExp> = { en: /hash key/, fi: /risuaita/, sv: /fyrkant/, nb: /firkant/ };
const YES_NO_WORDS: Record<UiLocale, [string, string]> = {
  en: ['yes', 'no'],
  fi: ['kyllä', 'ei'],
  sv: ['ja', 'nej'],
  nb: ['ja', 'nei'],
};

/** Union members of one `type X = "a" | "b"` alias in the installed Twilio SDK typings. */
function twilioUnion(name: string): string[] {
  const dts = readFileSync(require.resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8');
  const line = new RegExp(`type ${name} = ([^;]+);`).exec(dts);
  if (!line) throw new Error(`${name} not found in twilio typings`);
  return [...line[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

describe('VOICE_DEFAULTS', () => {
  it('uses the expected language and Polly voice per locale', () => {
    expect(VOICE_DEFAULTS).toEqual({
      en: { language: 'en-US', voice: 'Polly.Joanna' },
      fi: { language: 'fi-FI', voice: 'Polly.Suvi-Neural' },
      sv: { language: 'sv-SE', voice: 'Polly.Astrid' },
      nb: { language: 'nb-NO', voice: 'Polly.Liv' },
    });
  });

  it.each(LOCALES)('%s: voice, Say language and Gather language are values the Twilio SDK knows', (ui) => {
    const { voice, language } = VOICE_DEFAULTS[ui];
    expect(twilioUnion('SayVoice')).toContain(voice);
    expect(twilioUnion('SayLanguage')).toContain(language);
    expect(twilioUnion('GatherLanguage')).toContain(language);
  });

  it('has no plain Polly.Suvi in the SDK (Finnish is neural only)', () => {
    expect(twilioUnion('SayVoice')).not.toContain('Polly.Suvi');
  });

  it('voiceSettings overrides per field and ignores blanks', () => {
    expect(voiceSettings('fi')).toEqual(VOICE_DEFAULTS.fi);
    expect(voiceSettings('sv', { sv: { voice: 'Polly.Elin-Neural' } })).toEqual({
      language: 'sv-SE',
      voice: 'Polly.Elin-Neural',
    });
    expect(voiceSettings('en', { en: { language: 'en-GB', voice: ' Polly.Amy ' } })).toEqual({
      language: 'en-GB',
      voice: 'Polly.Amy',
    });
    expect(voiceSettings('nb', { nb: { voice: '  ' }, en: { voice: 'Polly.Amy' } })).toEqual(VOICE_DEFAULTS.nb);
  });
});

describe('English prompts', () => {
  it('says the texts from the issue', () => {
    expect(voiceGreeting('en', 'Acme')).toBe('Hello, this is a short survey from Acme. It takes about a minute.');
    expect(voiceInstruction(q('nps'), plain('x'), 'en')).toBe('Press a number from 0 to 10, then the hash key.');
    expect(voiceInstruction(q('csat'), plain('x'), 'en')).toBe('Press a number from 1 to 5.');
    expect(voiceInstruction(q('ces'), plain('x'), 'en')).toBe('Press a number from 1 to 7.');
    expect(voiceInstruction(q('yes_no'), plain('x'), 'en')).toBe(
      'Press 1 for yes, 2 for no. You can also say yes or no.',
    );
    expect(voiceInstruction(q('single_choice'), { text: 'x', choiceLabels: LABELS }, 'en')).toBe(
      'Press 1 for Price, 2 for Quality, or 3 for Service.',
    );
    expect(voiceInstruction(q('text'), plain('x'), 'en')).toBe(
      'After the tone, tell us in your own words. Press the hash key when you are done.',
    );
    expect(voiceReprompt(q('nps'), plain('x'), 'en')).toBe(
      "Sorry, I didn't get that. Press a number from 0 to 10, then the hash key.",
    );
    expect(voiceMovingOn('en')).toBe("Let's move on.");
    expect(voiceNoAnswerEnding('en')).toBe("We didn't hear an answer. Thank you for your time. Goodbye.");
    expect(voiceThanks('en')).toBe('Thank you for your answers. Goodbye.');
    expect(voiceMachineMessage('en', 'Acme')).toBe(
      'Hello, this is Acme. We called about a short survey. Thank you, goodbye.',
    );
  });

  it('joins question text and instruction with one space', () => {
    expect(voiceQuestion(q('nps'), plain(' How likely? '), 'en')).toBe(
      'How likely? Press a number from 0 to 10, then the hash key.',
    );
  });
});

describe('Finnish prompts', () => {
  it('keeps the company name uninflected and spells the scale ranges', () => {
    expect(voiceGreeting('fi', 'Acme Oy')).toBe(
      'Hei, tämä on lyhyt kysely, jonka tekee Acme Oy. Vastaaminen vie noin minuutin.',
    );
    expect(voiceInstruction(q('nps'), plain('x'), 'fi')).toBe(
      'Näppäile luku nollasta kymmeneen ja paina sitten risuaitaa.',
    );
    expect(voiceInstruction(q('csat'), plain('x'), 'fi')).toBe('Näppäile luku yhdestä viiteen.');
    expect(voiceInstruction(q('ces'), plain('x'), 'fi')).toBe('Näppäile luku yhdestä seitsemään.');
    expect(voiceInstruction(q('single_choice'), { text: 'x', choiceLabels: LABELS }, 'fi')).toBe(
      'Price, paina 1. Quality, paina 2. Service, paina 3.',
    );
    expect(voiceMachineMessage('fi', 'Acme')).toBe(
      'Hei, täällä Acme. Soitimme lyhyen kyselyn merkeissä. Kiitos ja näkemiin.',
    );
  });
});

describe.each(LOCALES)('voice prompts (%s)', (ui) => {
  it('defines every key with non-empty text and only known placeholders', () => {
    for (const [key, value] of Object.entries(VOICE_STRINGS[ui])) {
      if (!/Separator$/.test(key)) expect(value.trim()).not.toBe('');
      for (const m of value.matchAll(/\{(\w+)\}/g))
        expect(['company', 'min', 'max', 'n', 'label', 'list']).toContain(m[1]);
      expect(value).not.toMatch(/#/); // the synthesiser gets words, never the symbol
    }
  });

  it('names the company in greeting and machine message, and copes without one', () => {
    expect(voiceGreeting(ui, 'Zyx Corp')).toContain('Zyx Corp');
    expect(voiceMachineMessage(ui, 'Zyx Corp')).toContain('Zyx Corp');
    for (const text of [voiceGreeting(ui, '  '), voiceMachineMessage(ui, '')]) {
      expect(text).not.toMatch(/\{|\}| {2}/);
      expect(text.trim()).not.toBe('');
    }
  });

  it('asks for the hash key after NPS digits and for open answers, never for single-key scales', () => {
    expect(voiceInstruction(q('nps'), plain('x'), ui)).toMatch(HASH[ui]);
    expect(voiceInstruction(q('text'), plain('x'), ui)).toMatch(HASH[ui]);
    expect(voiceInstruction(q('csat'), plain('x'), ui)).not.toMatch(HASH[ui]);
    expect(voiceInstruction(q('ces'), plain('x'), ui)).not.toMatch(HASH[ui]);
  });

  it('states the scale range (digits, or spelled out in Finnish)', () => {
    const [nps, csat, ces] = (['nps', 'csat', 'ces'] as const).map((t) => voiceInstruction(q(t), plain('x'), ui));
    if (ui === 'fi') {
      expect([nps, csat, ces]).toEqual([
        expect.stringContaining('nollasta kymmeneen'),
        expect.stringContaining('yhdestä viiteen'),
        expect.stringContaining('yhdestä seitsemään'),
      ]);
    } else {
      expect(nps).toMatch(/\b0\b.*\b10\b/);
      expect(csat).toMatch(/\b1\b.*\b5\b/);
      expect(ces).toMatch(/\b1\b.*\b7\b/);
    }
  });

  it('yes/no names keys 1 and 2 and spoken words the reply parser understands', () => {
    const text = voiceInstruction(q('yes_no'), plain('x'), ui);
    expect(text).toMatch(/\b1\b[^2]*\b2\b/);
    const [yes, no] = YES_NO_WORDS[ui];
    expect(text.toLowerCase()).toContain(yes);
    expect(text.toLowerCase()).toContain(no);
    expect(parseSmsReply(yes, q('yes_no'), ui)).toEqual({ kind: 'answer', value: 'yes' });
    expect(parseSmsReply(no, q('yes_no'), ui)).toEqual({ kind: 'answer', value: 'no' });
  });

  it('numbers every choice in order, using the id for an empty label', () => {
    const labels = [...LABELS.slice(0, 2), { id: 'other', label: ' ' }];
    const text = voiceInstruction(q('single_choice'), { text: 'x', choiceLabels: labels }, ui);
    const positions = ['Price', '1', 'Quality', '2', 'other', '3'].map((s) => text.indexOf(s));
    positions.forEach((p) => expect(p).toBeGreaterThanOrEqual(0));
    expect(text.indexOf('Price')).toBeLessThan(text.indexOf('Quality'));
    expect(text.indexOf('Quality')).toBeLessThan(text.indexOf('other'));
    expect(voiceInstruction(q('single_choice'), { text: 'x', choiceLabels: [LABELS[0]] }, ui)).toMatch(/Price/);
    expect(voiceInstruction(q('single_choice'), { text: 'x', choiceLabels: [] }, ui)).toBe('');
    expect(voiceInstruction(q('single_choice'), plain('x'), ui)).toBe('');
  });

  it('re-prompts with the prefix and the instruction again', () => {
    for (const type of ['nps', 'csat', 'ces', 'yes_no', 'text'] as const) {
      expect(voiceReprompt(q(type), plain('Question?'), ui)).toBe(
        `${voiceRepromptPrefix(ui)} ${voiceInstruction(q(type), plain('Question?'), ui)}`,
      );
    }
  });

  it('closing texts are distinct and end the call politely', () => {
    const texts = [voiceMovingOn(ui), voiceNoAnswerEnding(ui), voiceThanks(ui)];
    expect(new Set(texts).size).toBe(3);
    texts.forEach((t) => expect(t).toMatch(/[.!]$/));
  });
});
