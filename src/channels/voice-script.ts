/**
 * What a phone call says and asks, as steps in order and free of any provider's markup: the phone
 * survey writes it, a voice adapter renders it (TwiML: channels/twilio/twiml-renderer.ts). Every
 * step that takes input names the URL the provider posts that input to.
 */

/** A synthesised voice and its language, as the provider names them (e.g. `Polly.Joanna`, `en-US`). */
export interface SpeechVoice {
  voice: string;
  language: string;
}

/** Speak `text` in `voice`. */
export interface SayStep {
  kind: 'say';
  text: string;
  voice: SpeechVoice;
}

/**
 * Speak `prompt` while listening for keys and speech; what the caller gave is posted to
 * `actionUrl`. Without any input the call goes on with the next step.
 */
export interface GatherStep {
  kind: 'gather';
  input: ReadonlyArray<'dtmf' | 'speech'>;
  actionUrl: string;
  /** Speech-recognition language. */
  language: string;
  /** Seconds to wait for the first input and between key presses. */
  timeoutSeconds: number;
  /** Keys that complete an answer; `finishOnKey` ends one early. */
  numDigits: number;
  finishOnKey?: '#';
  prompt: { text: string; voice: SpeechVoice };
}

/**
 * Record what the caller says until `finishOnKey`, silence or `maxLengthSeconds`; the recording is
 * posted to `actionUrl`, its transcription (only when `transcribeCallback` is given) there.
 * An empty recording goes on with the next step.
 */
export interface RecordStep {
  kind: 'record';
  actionUrl: string;
  maxLengthSeconds: number;
  finishOnKey: '#';
  beep: boolean;
  transcribeCallback?: string;
}

/** Continue the call with the steps `url` answers with. */
export interface RedirectStep {
  kind: 'redirect';
  url: string;
}

/** End the call. */
export interface HangupStep {
  kind: 'hangup';
}

/** One instruction of a call script. */
export type VoiceStep = SayStep | GatherStep | RecordStep | RedirectStep | HangupStep;

/** The whole answer to one request of the provider during a call. */
export type VoiceScript = readonly VoiceStep[];
