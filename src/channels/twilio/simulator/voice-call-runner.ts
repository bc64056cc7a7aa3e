import { randomBytes } from 'node:crypto';

import { getExpectedTwilioSignature } from 'twilio';

import { elements, parseXml, textContent, XmlElement } from './twiml-parser';

/** How the callee's phone answers (or doesn't). */
export type CallOutcome = 'answer' | 'machine' | 'busy' | 'no-answer' | 'failed';

/** One thing the person on the phone does, consumed by one `<Gather>` or `<Record>`. */
export type CallerAction =
  | { press: string }
  | { say: string }
  | { silence: true }
  /** `hangup`: the caller hangs up to end the recording (Digits=hangup) instead of pressing a finish key. */
  | { record: { seconds: number; transcription?: string; hangup?: boolean } }
  | { hangup: true };

export interface CallScript {
  outcome?: CallOutcome;
  /** What the caller does at each `<Gather>`/`<Record>`, in order; when they run out, the caller hangs up. */
  actions?: CallerAction[];
}

export type CallStatus =
  'queued' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed';

export type TranscriptEntry =
  | { kind: 'say'; text: string; voice?: string; language?: string }
  | { kind: 'play'; url: string }
  | { kind: 'pause'; seconds: number }
  | { kind: 'gather'; input: string; numDigits?: number; finishOnKey: string; timeout: number; language?: string }
  | { kind: 'pressed'; digits: string }
  | { kind: 'said'; speech: string }
  | { kind: 'silence' }
  | { kind: 'record'; seconds: number; recordingSid: string; recordingUrl: string; transcription?: string }
  | { kind: 'redirect'; url: string }
  | { kind: 'unsupported'; verb: string }
  /** The call was cut short: `loop` when the TwiML fetch cap was reached, `fetch`/`twiml` when the app answered badly. */
  | { kind: 'error'; reason: 'loop' | 'fetch' | 'twiml'; message: string }
  | { kind: 'hangup'; by: 'caller' | 'twiml' | 'end' | 'error' }
  /** Always the last entry: the final call status and billed duration in (simulated) seconds. */
  | { kind: 'end'; status: CallStatus; duration: number };

/** A call as the simulator stores it, shaped like Twilio's Call resource, with what happened on it. */
export interface SimulatedCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  url?: string;
  method: string;
  twiml?: string;
  direction: 'outbound-api';
  status: CallStatus;
  answeredBy: string | null;
  machineDetection?: string;
  statusCallback?: string;
  statusCallbackMethod: string;
  statusCallbackEvents: string[];
  timeout: number;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Billed seconds once the call ended (simulated time: speech, pauses, timeouts, recordings). */
  duration: number | null;
  transcript: TranscriptEntry[];
  /** Every request made to the app for this call (TwiML, actions, callbacks), in order. */
  requests: Array<{
    url: string;
    method: string;
    status: number | null;
    kind: 'twiml' | 'status' | 'recording' | 'transcription';
  }>;
  twimlFetches: number;
  script: CallScript;
}

/** What the runner needs from the simulator. */
export interface VoiceHost {
  authToken(accountSid: string): string | undefined;
  /** The account's API base on the simulator, e.g. http://127.0.0.1:4000/2010-04-01/Accounts/AC…; recordings are served below it. */
  accountUrl(accountSid: string): string;
  recordingMade(recording: { sid: string; accountSid: string; callSid: string; seconds: number }): void;
  delayMs: number;
  maxTwimlFetches: number;
  ended(call: SimulatedCall): void;
}

const API_VERSION = '2010-04-01';
const FINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no-answer', 'failed']);

/** A signed request as Twilio makes it: POST form, or GET with the parameters in the query (signed over the full URL). */
export async function signedRequest(
  authToken: string,
  method: string,
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string }> {
  if (method.toUpperCase() === 'GET') {
    const target = new URL(url);
    for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
    const signature = getExpectedTwilioSignature(authToken, target.toString(), {});
    const res = await fetch(target, { headers: { 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' } });
    return { status: res.status, body: await res.text() };
  }
  const signature = getExpectedTwilioSignature(authToken, url, params);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A request for the next TwiML document. `ignoreAnswer`: the call ends after it (the caller hung up). */
interface Next {
  url?: string;
  method: string;
  inline?: string;
  params?: Record<string, string>;
  ignoreAnswer?: boolean;
  /** Callbacks Twilio posts after the request (recording status, transcription). */
  after?: Array<() => Promise<void>>;
}

type Step = { next: Next } | { end: 'caller' | 'twiml' | 'end' | 'error' } | 'continue';

/** Plays one call: progress callbacks, then the TwiML conversation with the scripted callee, then the final callback. */
export async function runVoiceCall(call: SimulatedCall, host: VoiceHost): Promise<void> {
  await new VoiceCallRunner(call, host).run();
}

class VoiceCallRunner {
  private sequence = 0;
  private elapsed = 0;
  private readonly actions: CallerAction[];

  constructor(
    private readonly call: SimulatedCall,
    private readonly host: VoiceHost,
  ) {
    this.actions = [...(call.script.actions ?? [])];
  }

  async run(): Promise<void> {
    const outcome = this.call.script.outcome ?? 'answer';
    await this.progress('initiated');
    await this.progress('ringing');
    if (outcome === 'busy' || outcome === 'no-answer' || outcome === 'failed') return this.finish(outcome);
    if (this.call.machineDetection) {
      this.call.answeredBy =
        outcome !== 'machine'
          ? 'human'
          : this.call.machineDetection === 'DetectMessageEnd'
            ? 'machine_end_beep'
            : 'machine_start';
    }
    this.call.startTime = new Date();
    await this.progress('in-progress');
    try {
      await this.converse();
    } catch (error) {
      this.log({ kind: 'error', reason: 'fetch', message: (error as Error).message });
      this.log({ kind: 'hangup', by: 'error' });
    }
    return this.finish('completed');
  }

  private async converse(): Promise<void> {
    let next: Next =
      this.call.twiml !== undefined
        ? { inline: this.call.twiml, method: 'POST' }
        : { url: this.call.url, method: this.call.method };
    for (;;) {
      const fetched = await this.fetchTwiml(next);
      if (!fetched) return;
      const step = await this.execute(elements(fetched.response), fetched.url);
      if (step === 'continue') {
        this.log({ kind: 'hangup', by: 'end' });
        return;
      }
      if ('end' in step) {
        this.log({ kind: 'hangup', by: step.end });
        return;
      }
      next = step.next;
    }
  }

  /** Requests a document (counting it against the cap); undefined when the call must end. */
  private async fetchTwiml(next: Next): Promise<{ url: string; response: XmlElement } | undefined> {
    let body: string;
    let url = next.url ?? '';
    if (next.inline !== undefined) {
      body = next.inline;
    } else {
      if (this.call.twimlFetches >= this.host.maxTwimlFetches) {
        this.log({
          kind: 'error',
          reason: 'loop',
          message: `TwiML fetch limit of ${this.host.maxTwimlFetches} reached without a hangup`,
        });
        this.log({ kind: 'hangup', by: 'error' });
        return undefined;
      }
      this.call.twimlFetches++;
      const answer = await this.request('twiml', next.method, url, { ...this.callParams(), ...next.params }).catch(
        (error: Error) => error,
      );
      for (const after of next.after ?? []) await after();
      if (answer instanceof Error) {
        this.log({
          kind: 'error',
          reason: 'fetch',
          message: `11200 HTTP retrieval failure: ${url}: ${answer.message}`,
        });
        this.log({ kind: 'hangup', by: 'error' });
        return undefined;
      }
      if (next.ignoreAnswer) {
        this.log({ kind: 'hangup', by: 'caller' });
        return undefined;
      }
      if (answer.status < 200 || answer.status >= 300) {
        this.log({
          kind: 'error',
          reason: 'fetch',
          message: `11200 HTTP retrieval failure: ${url} answered ${answer.status}`,
        });
        this.log({ kind: 'hangup', by: 'error' });
        return undefined;
      }
      body = answer.body;
    }
    const response = elements(parseXml(body), 'Response')[0];
    if (!response) {
      this.log({
        kind: 'error',
        reason: 'twiml',
        message: `12100 Document parse failure: no <Response> in the answer from ${url || 'the Twiml parameter'}`,
      });
      this.log({ kind: 'hangup', by: 'error' });
      return undefined;
    }
    url ||= this.call.url ?? '';
    return { url, response };
  }

  private async execute(verbs: XmlElement[], documentUrl: string): Promise<Step> {
    for (const verb of verbs) {
      const step = await this.verb(verb, documentUrl);
      if (step !== 'continue') return step;
    }
    return 'continue';
  }

  private async verb(verb: XmlElement, documentUrl: string): Promise<Step> {
    const a = verb.attributes;
    switch (verb.name) {
      case 'Say': {
        const text = textContent(verb).replace(/\s+/g, ' ').trim();
        this.log({ kind: 'say', text, voice: a.voice, language: a.language });
        this.elapsed += Math.max(1, Math.round(text.length / 15)) * Math.max(1, int(a.loop) ?? 1);
        return 'continue';
      }
      case 'Play':
        this.log({ kind: 'play', url: textContent(verb).trim() });
        this.elapsed += 3;
        return 'continue';
      case 'Pause': {
        const seconds = int(a.length) ?? 1;
        this.log({ kind: 'pause', seconds });
        this.elapsed += seconds;
        return 'continue';
      }
      case 'Gather':
        return this.gather(verb, documentUrl);
      case 'Record':
        return this.record(verb, documentUrl);
      case 'Redirect': {
        const url = resolve(textContent(verb).trim() || documentUrl, documentUrl);
        this.log({ kind: 'redirect', url });
        return { next: { url, method: method(a.method) } };
      }
      case 'Hangup':
      case 'Reject':
        return { end: 'twiml' };
      default:
        this.log({ kind: 'unsupported', verb: verb.name });
        return 'continue';
    }
  }

  private async gather(verb: XmlElement, documentUrl: string): Promise<Step> {
    const a = verb.attributes;
    const input = a.input?.trim() || 'dtmf';
    const inputs = input.split(/\s+/);
    const numDigits = int(a.numDigits);
    const finishOnKey = a.finishOnKey ?? '#';
    const timeout = int(a.timeout) ?? 5;
    this.log({ kind: 'gather', input, numDigits, finishOnKey, timeout, language: a.language });
    for (const prompt of elements(verb)) {
      if (prompt.name === 'Say' || prompt.name === 'Play' || prompt.name === 'Pause')
        await this.verb(prompt, documentUrl);
    }
    const action = this.nextAction();
    const target = { url: resolve(a.action || documentUrl, documentUrl), method: method(a.method) };
    if ('hangup' in action) return { end: 'caller' };
    if ('press' in action && inputs.includes('dtmf')) {
      let digits = '';
      let finishedOnKey = '';
      for (const key of action.press) {
        if (finishOnKey && finishOnKey.includes(key)) {
          finishedOnKey = key;
          break;
        }
        digits += key;
        if (numDigits !== undefined && digits.length >= numDigits) break;
      }
      this.elapsed += Math.ceil(action.press.length / 2) + (finishedOnKey || digits.length === numDigits ? 0 : timeout);
      if (digits) {
        this.log({ kind: 'pressed', digits });
        return { next: { ...target, params: { Digits: digits, FinishedOnKey: finishedOnKey } } };
      }
    } else if ('say' in action && inputs.includes('speech')) {
      this.log({ kind: 'said', speech: action.say });
      this.elapsed += 2 + Math.ceil(action.say.length / 15);
      return { next: { ...target, params: { SpeechResult: action.say, Confidence: '0.9' } } };
    } else {
      this.elapsed += timeout;
    }
    // No usable input: Twilio falls through to the next verb, unless asked to call the action anyway.
    this.log({ kind: 'silence' });
    return a.actionOnEmptyResult === 'true' ? { next: target } : 'continue';
  }

  private async record(verb: XmlElement, documentUrl: string): Promise<Step> {
    const a = verb.attributes;
    const maxLength = int(a.maxLength) ?? 3600;
    const finishOnKey = a.finishOnKey ?? '1234567890*#';
    const action = this.nextAction();
    if ('hangup' in action) return { end: 'caller' };
    if (!('record' in action) || action.record.seconds <= 0) {
      // Nothing recorded: Twilio skips the action and moves on.
      this.elapsed += int(a.timeout) ?? 5;
      this.log({ kind: 'silence' });
      return 'continue';
    }
    const seconds = Math.min(Math.round(action.record.seconds), maxLength);
    const recordingSid = newSid('RE');
    const recordingUrl = `${this.host.accountUrl(this.call.accountSid)}/Recordings/${recordingSid}`;
    const transcription = action.record.transcription;
    this.log({ kind: 'record', seconds, recordingSid, recordingUrl, transcription });
    this.host.recordingMade({ sid: recordingSid, accountSid: this.call.accountSid, callSid: this.call.sid, seconds });
    this.elapsed += seconds;
    const params: Record<string, string> = {
      RecordingUrl: recordingUrl,
      RecordingDuration: String(seconds),
      RecordingSid: recordingSid,
    };
    const hungUp = action.record.hangup === true;
    const finishKey = finishOnKey.includes('#') ? '#' : finishOnKey[0];
    if (hungUp) params.Digits = 'hangup';
    else if (seconds < maxLength && finishKey) params.Digits = finishKey;
    const after: Array<() => Promise<void>> = [];
    const base = {
      AccountSid: this.call.accountSid,
      CallSid: this.call.sid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
    };
    if (a.recordingStatusCallback) {
      const url = resolve(a.recordingStatusCallback, documentUrl);
      const params = {
        ...base,
        RecordingStatus: 'completed',
        RecordingDuration: String(seconds),
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
      };
      after.push(() => this.callback('recording', method(a.recordingStatusCallbackMethod), url, params));
    }
    if (a.transcribeCallback && transcription !== undefined) {
      const url = resolve(a.transcribeCallback, documentUrl);
      const transcriptionSid = newSid('TR');
      const params = {
        ...this.callParams(),
        ...base,
        TranscriptionSid: transcriptionSid,
        TranscriptionText: transcription,
        TranscriptionStatus: 'completed',
        TranscriptionType: 'fast',
        TranscriptionUrl: `${this.host.accountUrl(this.call.accountSid)}/Transcriptions/${transcriptionSid}`,
      };
      after.push(() => this.callback('transcription', 'POST', url, params));
    }
    return {
      next: {
        url: resolve(a.action || documentUrl, documentUrl),
        method: method(a.method),
        params,
        after,
        ignoreAnswer: hungUp,
      },
    };
  }

  private nextAction(): CallerAction {
    return this.actions.shift() ?? { hangup: true };
  }

  private async progress(status: CallStatus): Promise<void> {
    await new Promise((r) => setTimeout(r, this.host.delayMs));
    this.call.status = status;
    this.call.dateUpdated = new Date();
    const event = status === 'in-progress' ? 'answered' : FINAL.has(status) ? 'completed' : status;
    const events = this.call.statusCallbackEvents.length ? this.call.statusCallbackEvents : ['completed'];
    if (!this.call.statusCallback || !events.includes(event)) return;
    const params: Record<string, string> = {
      ...this.callParams(),
      CallStatus: status,
      Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
      SequenceNumber: String(this.sequence++),
      CallbackSource: 'call-progress-events',
    };
    if (FINAL.has(status)) {
      params.CallDuration = String(this.call.duration ?? 0);
      params.Duration = String(Math.ceil((this.call.duration ?? 0) / 60));
    }
    await this.callback('status', this.call.statusCallbackMethod, this.call.statusCallback, params);
  }

  private async finish(status: CallStatus): Promise<void> {
    const answered = this.call.startTime !== null;
    this.call.endTime = new Date();
    this.call.duration = answered ? Math.max(1, Math.ceil(this.elapsed)) : 0;
    this.log({ kind: 'end', status, duration: this.call.duration });
    await this.progress(status);
    this.host.ended(this.call);
  }

  private callParams(): Record<string, string> {
    const c = this.call;
    const params: Record<string, string> = {
      CallSid: c.sid,
      AccountSid: c.accountSid,
      From: c.from,
      To: c.to,
      Caller: c.from,
      Called: c.to,
      CallStatus: c.status,
      Direction: c.direction,
      ApiVersion: API_VERSION,
    };
    if (c.answeredBy) params.AnsweredBy = c.answeredBy;
    return params;
  }

  /** A callback whose failure is only noted: it never changes the call's course. */
  private async callback(
    kind: 'status' | 'recording' | 'transcription',
    method: string,
    url: string,
    params: Record<string, string>,
  ): Promise<void> {
    await this.request(kind, method, url, params).catch(() => undefined);
  }

  private async request(
    kind: SimulatedCall['requests'][number]['kind'],
    method: string,
    url: string,
    params: Record<string, string>,
  ) {
    const entry: SimulatedCall['requests'][number] = { url, method, status: null, kind };
    this.call.requests.push(entry);
    const token = this.host.authToken(this.call.accountSid);
    if (token === undefined) throw new Error(`unknown account ${this.call.accountSid}`);
    const answer = await signedRequest(token, method, url, params);
    entry.status = answer.status;
    return answer;
  }

  private log(entry: TranscriptEntry): void {
    this.call.transcript.push(entry);
  }
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

function method(value: string | undefined): string {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

function resolve(target: string, base: string): string {
  try {
    return new URL(target, base || undefined).toString();
  } catch {
    return target;
  }
}
