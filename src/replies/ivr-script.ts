import type { GatherStep, SayStep, VoiceScript, VoiceStep } from '../channels/voice-script';
import type { UiLocale } from '../i18n/locale';
import type { LocalizedQuestion } from '../surveys/localize';
import { isScaleType, type Question, type QuestionType, SCALE_RANGES } from '../surveys/survey-definition';
import { voiceInstruction, voiceQuestion, voiceRepromptPrefix, type VoiceSettings } from './voice-prompts';

/**
 * What the phone (IVR) survey says and asks: pure builders, one call script per webhook reply,
 * rendered to TwiML by channels/twilio/twiml-renderer.ts.
 *
 * Flow per question: say question + instruction inside a gather of keys and speech.
 * Twilio posts `Digits` or `SpeechResult` to `actionUrl` (read them with `parseKeypadAnswer`).
 * When the caller gives no input at all, Twilio does NOT request the action URL: it falls
 * through to the next step, our redirect to `actionUrl` plus `timeout=1`, so the server
 * sees "no input" and can count attempts. Attempt 0 is the first ask, 1..MAX_REPROMPTS the
 * re-prompts; after that the server moves on (`voiceMovingOn`) or ends (`voiceNoAnswerEnding`),
 * so a call never loops and nothing is recorded that the caller did not give.
 */

/** Seconds `<Gather>` waits for the first input and between key presses. */
export const GATHER_TIMEOUT_SECONDS = 5;
/** Longest open answer; also Twilio's limit for recording transcription (2 minutes). */
export const RECORD_MAX_LENGTH_SECONDS = 120;
/** Re-prompts after the first ask; attempt numbers run 0..MAX_REPROMPTS. */
export const MAX_REPROMPTS = 2;
/** Query parameter the no-input `<Redirect>` adds to the action URL. */
export const NO_INPUT_PARAM = 'timeout';

/** `actionUrl` with `timeout=1` appended (`?` or `&`, keeping any `#fragment` last). */
export function noInputUrl(actionUrl: string): string {
  const hash = actionUrl.indexOf('#');
  const [base, fragment] = hash < 0 ? [actionUrl, ''] : [actionUrl.slice(0, hash), actionUrl.slice(hash)];
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${NO_INPUT_PARAM}=1${fragment}`;
}

/**
 * Keypad settings per closed question type.
 *
 * Scales: `numDigits` is the digit count of the scale maximum (NPS 10 → 2; CSAT 5, CES 7 → 1)
 * and `finishOnKey` is `#`. So NPS "10" submits after the second digit, "7#" on the hash key,
 * and a lone "7" followed by silence is submitted as Digits=7 when `timeout` elapses: Twilio's
 * documented Gather behaviour is that the timeout submits whatever digits were collected, and
 * only falls through to the next verb when none were. The prompt therefore asks for "the
 * digits, then the hash key". Caveat: a caller who types "10" and then # as told sends that #
 * after the Gather already submitted; if it reaches the next question's Gather before any digit,
 * Twilio treats it as an empty entry (no-input redirect there, i.e. one extra re-prompt,
 * never a wrong score).
 * Yes/no and single choice: one key (`numDigits` 1, Twilio's default finish key).
 */
export function gatherKeys(type: QuestionType): { numDigits: number; finishOnKey?: '#' } {
  if (isScaleType(type)) return { numDigits: String(SCALE_RANGES[type].max).length, finishOnKey: '#' };
  if (type === 'yes_no' || type === 'single_choice') return { numDigits: 1 };
  throw new Error(`question type "${type}" is answered with <Record>, not <Gather>`);
}

/** "" on the first ask, "Sorry, I didn't get that." on a re-prompt. */
export function repromptPrefix(attempt: number, ui: UiLocale): string {
  return attempt > 0 ? voiceRepromptPrefix(ui) : '';
}

/** After no or invalid input on `attempt`: ask again (with the next attempt number) or give up. */
export function afterInvalid(attempt: number): { action: 'reprompt'; attempt: number } | { action: 'give_up' } {
  return attempt < MAX_REPROMPTS ? { action: 'reprompt', attempt: Math.max(0, attempt) + 1 } : { action: 'give_up' };
}

function say(text: string, voice: VoiceSettings): SayStep {
  return { kind: 'say', text, voice };
}

/** First ask: question + instruction. Re-prompt: "Sorry, I didn't get that." + instruction. */
function promptText(
  question: Pick<Question, 'type'>,
  localized: LocalizedQuestion,
  ui: UiLocale,
  attempt: number,
): string {
  if (attempt <= 0) return voiceQuestion(question, localized, ui);
  return [repromptPrefix(attempt, ui), voiceInstruction(question, localized, ui)].filter((p) => p !== '').join(' ');
}

export interface QuestionScriptArgs {
  question: Pick<Question, 'type' | 'choices'>;
  /** The question text in the contact's language. */
  localizedText: string;
  /** Localized choice labels in definition order (single choice). */
  choiceLabels?: LocalizedQuestion['choiceLabels'];
  ui: UiLocale;
  voice: VoiceSettings;
  /** Where Twilio posts Digits / SpeechResult. */
  actionUrl: string;
  /** 0 on the first ask, 1..MAX_REPROMPTS on re-prompts. */
  attempt: number;
  /** Said once before the Gather (first question only), e.g. `voiceGreeting(ui, company)`. */
  greeting?: string;
}

/** Asks one closed question (scale, yes/no, single choice) by keypad or speech. */
export function questionScript(args: QuestionScriptArgs): VoiceScript {
  const { question, localizedText, choiceLabels, ui, voice, actionUrl, attempt, greeting } = args;
  const steps: VoiceStep[] = [];
  if (greeting?.trim()) steps.push(say(greeting.trim(), voice));
  const gather: GatherStep = {
    kind: 'gather',
    input: ['dtmf', 'speech'],
    actionUrl,
    language: voice.language,
    timeoutSeconds: GATHER_TIMEOUT_SECONDS,
    ...gatherKeys(question.type),
    prompt: { text: promptText(question, { text: localizedText, choiceLabels }, ui, attempt), voice },
  };
  steps.push(gather);
  // Reached only when the Gather got no input at all (see the file comment).
  steps.push({ kind: 'redirect', url: noInputUrl(actionUrl) });
  return steps;
}

export interface RecordScriptArgs {
  localizedText: string;
  ui: UiLocale;
  voice: VoiceSettings;
  /** Where Twilio posts RecordingUrl / RecordingDuration when the recording ends. */
  actionUrl: string;
  /** Where Twilio posts the transcription; without it nothing is transcribed. */
  transcribeCallback?: string;
  /** Default true when a callback is given. Twilio's recording transcription is English-only; pass false for other languages if it is not wanted. */
  transcribe?: boolean;
  attempt: number;
  greeting?: string;
  /** Seconds; default RECORD_MAX_LENGTH_SECONDS. */
  maxLength?: number;
}

/**
 * An open question: say question + instruction, then record until `#`, silence or `maxLength`.
 * An empty recording makes Twilio skip the action URL and fall through, so the same no-input
 * redirect follows.
 */
export function recordScript(args: RecordScriptArgs): VoiceScript {
  const { localizedText, ui, voice, actionUrl, transcribeCallback, attempt, greeting } = args;
  const steps: VoiceStep[] = [];
  if (greeting?.trim()) steps.push(say(greeting.trim(), voice));
  steps.push(say(promptText({ type: 'text' }, { text: localizedText }, ui, attempt), voice));
  const transcribe = transcribeCallback !== undefined && (args.transcribe ?? true);
  steps.push({
    kind: 'record',
    actionUrl,
    maxLengthSeconds: args.maxLength ?? RECORD_MAX_LENGTH_SECONDS,
    finishOnKey: '#',
    beep: true,
    ...(transcribe ? { transcribeCallback } : {}),
  });
  steps.push({ kind: 'redirect', url: noInputUrl(actionUrl) });
  return steps;
}

/** Say `text` (when there is any), then hang up: thanks, no-answer ending, answering-machine message. */
export function sayAndHangupScript(text: string, voice: VoiceSettings): VoiceScript {
  return [...(text.trim() ? [say(text.trim(), voice)] : []), { kind: 'hangup' }];
}
