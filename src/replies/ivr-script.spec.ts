import { renderTwiml } from '../channels/twilio/twiml-renderer';
import { SUPPORTED_UI_LOCALES, type UiLocale } from '../i18n/locale';
import type { Choice, QuestionType } from '../surveys/survey-definition';
import {
  afterInvalid,
  gatherKeys,
  MAX_REPROMPTS,
  noInputUrl,
  questionScript,
  type QuestionScriptArgs,
  recordScript,
  type RecordScriptArgs,
  repromptPrefix,
  sayAndHangupScript,
} from './ivr-script';
import {
  VOICE_DEFAULTS,
  voiceGreeting,
  voiceInstruction,
  voiceMachineMessage,
  voiceRepromptPrefix,
  type VoiceSettings,
} from './voice-prompts';

// The scripts are checked as the TwiML Twilio receives, rendered by the Twilio adapter.
const questionTwiml = (args: QuestionScriptArgs) => renderTwiml(questionScript(args));
const recordTwiml = (args: RecordScriptArgs) => renderTwiml(recordScript(args));
const sayAndHangupTwiml = (text: string, voice: VoiceSettings) => renderTwiml(sayAndHangupScript(text, voice));

/** A parsed element: tag name, decoded attributes, children, and decoded text content. */
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[e];
  });
}

/**
 * A tiny strict XML parser for TwiML: one declaration, elements, attributes in double quotes,
 * text. Throws on anything malformed: unbalanced tags, stray `<` `>` or `&` in text or values,
 * duplicate attributes, more than one root.
 */
function parseXml(xml: string): El {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  let rest = xml.slice(decl[0].length);
  const root: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  const TAG = /^<(\/?)([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    if (rest[0] === '<') {
      const m = TAG.exec(rest);
      if (!m) throw new Error(`malformed tag near: ${rest.slice(0, 40)}`);
      const [whole, closing, name, attrText, selfClosing] = m;
      if (closing) {
        const open = stack.pop();
        if (!open || open.name !== name || attrText || selfClosing) throw new Error(`unbalanced </${name}>`);
      } else {
        const attrs: Record<string, string> = {};
        for (const a of attrText.matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
          if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
          if (/[<>]|&(?!(#x[0-9a-f]+|#[0-9]+|\w+);)/i.test(a[2])) throw new Error(`unescaped value ${a[2]}`);
          attrs[a[1]] = decode(a[2]);
        }
        const el: El = { name, attrs, children: [], text: '' };
        stack[stack.length - 1].children.push(el);
        if (!selfClosing) stack.push(el);
      }
      rest = rest.slice(whole.length);
    } else {
      const end = rest.indexOf('<');
      const raw = end < 0 ? rest : rest.slice(0, end);
      if (/>|&(?!(#x[0-9a-f]+|#[0-9]+|\w+);)/i.test(raw)) throw new Error(`unescaped text ${raw}`);
      if (stack.length === 1 && raw.trim() !== '') throw new Error('text outside the root element');
      stack[stack.length - 1].text += decode(raw);
      rest = end < 0 ? '' : rest.slice(end);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('expected exactly one root element');
  return root.children[0];
}

function twiml(xml: string): El {
  const response = parseXml(xml);
  expect(response.name).toBe('Response');
  return response;
}

const names = (el: El) => el.children.map((c) => c.name);
const child = (el: El, name: string): El => {
  const found = el.children.filter((c) => c.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

const LOCALES = [...SUPPORTED_UI_LOCALES];
const CHOICES: Choice[] = [
  { id: 'price', label: { en: 'Price' } },
  { id: 'quality', label: { en: 'Quality' } },
];
const CHOICE_LABELS = [
  { id: 'price', label: 'Price' },
  { id: 'quality', label: 'Quality' },
];
const ACTION = 'https://example.com/ivr/answer?call=abc&q=q1';

function ask(
  type: Exclude<QuestionType, 'text'>,
  ui: UiLocale = 'en',
  extra: { attempt?: number; greeting?: string; text?: string } = {},
) {
  return questionTwiml({
    question: { type, choices: type === 'single_choice' ? CHOICES : undefined },
    localizedText: extra.text ?? 'How likely are you to recommend us?',
    choiceLabels: type === 'single_choice' ? CHOICE_LABELS : undefined,
    ui,
    voice: VOICE_DEFAULTS[ui],
    actionUrl: ACTION,
    attempt: extra.attempt ?? 0,
    greeting: extra.greeting,
  });
}

describe('the test XML parser', () => {
  it.each([
    ['<Response><Say>a</Response>'],
    ['<?xml version="1.0" encoding="UTF-8"?><Response><Say>a & b</Say></Response>'],
    ['<?xml version="1.0" encoding="UTF-8"?><Response><Say a="1" a="2">x</Say></Response>'],
    ['<?xml version="1.0" encoding="UTF-8"?><Response><Say>a</Response></Say>'],
    ['<?xml version="1.0" encoding="UTF-8"?><Response/><Response/>'],
  ])('rejects %s', (xml) => expect(() => parseXml(xml)).toThrow());
});

describe.each(LOCALES)('questionTwiml (%s)', (ui) => {
  const { language, voice } = VOICE_DEFAULTS[ui];

  it.each(['nps', 'csat', 'ces', 'yes_no', 'single_choice'] as const)(
    '%s: well-formed, localized Gather then no-input Redirect',
    (type) => {
      const response = twiml(ask(type, ui));
      expect(names(response)).toEqual(['Gather', 'Redirect']);
      const gather = child(response, 'Gather');
      expect(gather.attrs).toMatchObject({
        input: 'dtmf speech',
        action: ACTION,
        method: 'POST',
        language,
        timeout: '5',
        speechTimeout: 'auto',
      });
      const say = child(gather, 'Say');
      expect(say.attrs).toEqual({ voice, language });
      expect(say.text).toContain('How likely are you to recommend us?');
      expect(say.text).toContain(voiceInstruction({ type }, { text: '', choiceLabels: CHOICE_LABELS }, ui));
      const redirect = child(response, 'Redirect');
      expect(redirect.attrs).toEqual({ method: 'POST' });
      expect(redirect.text).toBe(`${ACTION}&timeout=1`);
    },
  );

  it('says the greeting before the Gather, in the same voice', () => {
    const response = twiml(ask('nps', ui, { greeting: voiceGreeting(ui, 'Acme') }));
    expect(names(response)).toEqual(['Say', 'Gather', 'Redirect']);
    expect(response.children[0].attrs).toEqual({ voice, language });
    expect(response.children[0].text).toBe(voiceGreeting(ui, 'Acme'));
  });

  it('re-prompts with the prefix and the instruction', () => {
    const say = child(child(twiml(ask('yes_no', ui, { attempt: 1 })), 'Gather'), 'Say');
    expect(say.text).toBe(`${voiceRepromptPrefix(ui)} ${voiceInstruction({ type: 'yes_no' }, { text: '' }, ui)}`);
  });
});

describe('keypad attributes per question type', () => {
  it.each([
    ['nps', '2', '#'],
    ['csat', '1', '#'],
    ['ces', '1', '#'],
    ['yes_no', '1', undefined],
    ['single_choice', '1', undefined],
  ] as const)('%s: numDigits %s, finishOnKey %s', (type, numDigits, finishOnKey) => {
    const gather = child(twiml(ask(type)), 'Gather');
    expect(gather.attrs.numDigits).toBe(numDigits);
    expect(gather.attrs.finishOnKey).toBe(finishOnKey);
  });

  it('gatherKeys refuses free text', () => {
    expect(() => gatherKeys('text')).toThrow(/Record/);
  });
});

describe('escaping', () => {
  it('escapes entities in question text, greeting, choice labels and URLs', () => {
    const text = 'Q&A <b>"Tom & Jerry\'s"</b> > 5?';
    const xml = questionTwiml({
      question: { type: 'single_choice', choices: CHOICES },
      localizedText: text,
      choiceLabels: [{ id: 'a', label: 'R&D <team>' }],
      ui: 'en',
      voice: VOICE_DEFAULTS.en,
      actionUrl: ACTION,
      attempt: 0,
      greeting: 'Hello from AT&T <Nordic>',
    });
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('Q&amp;A &lt;b&gt;');
    const response = twiml(xml);
    expect(response.children[0].text).toBe('Hello from AT&T <Nordic>');
    const gather = child(response, 'Gather');
    expect(gather.attrs.action).toBe(ACTION);
    expect(child(gather, 'Say').text).toBe(`${text} Press 1 for R&D <team>.`);
    expect(child(response, 'Redirect').text).toBe(`${ACTION}&timeout=1`);
  });

  it('sayAndHangupTwiml escapes its text too', () => {
    const response = twiml(sayAndHangupTwiml(voiceMachineMessage('sv', 'Bröderna <Ek> & Co'), VOICE_DEFAULTS.sv));
    expect(child(response, 'Say').text).toContain('Bröderna <Ek> & Co');
  });
});

describe('recordTwiml', () => {
  const args = {
    localizedText: 'What could we do better?',
    ui: 'fi' as const,
    voice: VOICE_DEFAULTS.fi,
    actionUrl: 'https://example.com/ivr/record?call=abc',
    transcribeCallback: 'https://example.com/ivr/transcript?call=abc&q=why',
    attempt: 0,
  };

  it('says question and instruction, records up to 120 s until #, then redirects on an empty recording', () => {
    const response = twiml(recordTwiml(args));
    expect(names(response)).toEqual(['Say', 'Record', 'Redirect']);
    const say = child(response, 'Say');
    expect(say.attrs).toEqual({ voice: 'Polly.Suvi-Neural', language: 'fi-FI' });
    expect(say.text).toBe(`What could we do better? ${voiceInstruction({ type: 'text' }, { text: '' }, 'fi')}`);
    expect(child(response, 'Record').attrs).toEqual({
      action: args.actionUrl,
      method: 'POST',
      maxLength: '120',
      finishOnKey: '#',
      playBeep: 'true',
      transcribe: 'true',
      transcribeCallback: args.transcribeCallback,
    });
    expect(child(response, 'Redirect').text).toBe('https://example.com/ivr/record?call=abc&timeout=1');
  });

  it('greets first when asked, re-prompts with the prefix', () => {
    const response = twiml(recordTwiml({ ...args, attempt: 2, greeting: voiceGreeting('fi', 'Acme') }));
    expect(names(response)).toEqual(['Say', 'Say', 'Record', 'Redirect']);
    expect(response.children[1].text.startsWith(voiceRepromptPrefix('fi'))).toBe(true);
  });

  it('does not transcribe without a callback or when turned off', () => {
    for (const extra of [{ transcribeCallback: undefined }, { transcribe: false }]) {
      const record = child(twiml(recordTwiml({ ...args, ...extra })), 'Record');
      expect(record.attrs.transcribe).toBeUndefined();
      expect(record.attrs.transcribeCallback).toBeUndefined();
    }
  });
});

describe('sayAndHangupTwiml', () => {
  it.each(LOCALES)('%s: Say in the locale voice, then Hangup', (ui) => {
    const response = twiml(sayAndHangupTwiml(voiceMachineMessage(ui, 'Acme'), VOICE_DEFAULTS[ui]));
    expect(names(response)).toEqual(['Say', 'Hangup']);
    expect(child(response, 'Say').attrs).toEqual(VOICE_DEFAULTS[ui]);
  });

  it('just hangs up when there is nothing to say', () => {
    expect(names(twiml(sayAndHangupTwiml('  ', VOICE_DEFAULTS.en)))).toEqual(['Hangup']);
  });
});

describe('attempts and the no-input URL', () => {
  it('noInputUrl appends the flag with ? or &', () => {
    expect(noInputUrl('https://x.test/ivr')).toBe('https://x.test/ivr?timeout=1');
    expect(noInputUrl('https://x.test/ivr?a=1')).toBe('https://x.test/ivr?a=1&timeout=1');
    expect(noInputUrl('https://x.test/ivr?')).toBe('https://x.test/ivr?timeout=1');
    expect(noInputUrl('/ivr/answer?a=1#f')).toBe('/ivr/answer?a=1&timeout=1#f');
  });

  it('re-prompts at most twice, then gives up', () => {
    expect(MAX_REPROMPTS).toBe(2);
    expect(afterInvalid(0)).toEqual({ action: 'reprompt', attempt: 1 });
    expect(afterInvalid(1)).toEqual({ action: 'reprompt', attempt: 2 });
    expect(afterInvalid(2)).toEqual({ action: 'give_up' });
    expect(afterInvalid(7)).toEqual({ action: 'give_up' });
  });

  it('repromptPrefix is empty on the first ask only', () => {
    expect(repromptPrefix(0, 'nb')).toBe('');
    expect(repromptPrefix(1, 'nb')).toBe(voiceRepromptPrefix('nb'));
  });
});
