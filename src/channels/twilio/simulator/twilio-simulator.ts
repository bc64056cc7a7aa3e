import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { smsSegments } from '../sms-segments';
import { ApiFault, ApiFaults, ApiRequestRecord } from './api-faults';
import { twimlMessages } from './twiml-parser';
import {
  CallerAction,
  CallScript,
  newSid,
  runVoiceCall,
  signedRequest,
  SimulatedCall,
  TranscriptEntry,
} from './voice-call-runner';

export type { ApiFault, ApiRequestRecord } from './api-faults';
export { twimlMessages } from './twiml-parser';
export type {
  CallerAction,
  CallOutcome,
  CallScript,
  CallStatus,
  SimulatedCall,
  TranscriptEntry,
} from './voice-call-runner';

/** Who sent a message: our app through the API, our app as a TwiML reply, or a customer's phone. */
export type SimulatedDirection = 'outbound-api' | 'outbound-reply' | 'inbound';

/** A message as the simulator stores it, shaped like Twilio's Message resource. */
export interface SimulatedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  direction: SimulatedDirection;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
  errorCode: number | null;
  statusCallback?: string;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface SimulatorAccount {
  accountSid: string;
  authToken: string;
}

export interface SimulatorOptions {
  /** Every account the simulator knows; the first is the default for `sendInbound`. */
  accounts?: SimulatorAccount[];
  /** A single account (kept for compatibility; added after `accounts`). */
  accountSid?: string;
  authToken?: string;
  /** Delay before each status callback, so tests can observe `queued` first. */
  callbackDelayMs?: number;
  /** Where the SDK reaches `handle` when it is mounted in another server, e.g. http://localhost:3000/dev/twilio. */
  publicUrl?: string;
  /** Called whenever a message is stored, in any direction (not on later status changes). */
  onMessage?: (message: SimulatedMessage) => void;
  /** Called when a voice call has ended, with its final status and transcript. */
  onCall?: (call: SimulatedCall) => void;
  /** TwiML documents (Url, actions, redirects) one call may fetch before it is cut off as a loop; default 100. */
  maxTwimlFetches?: number;
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  messageSid?: string;
  /** The account the message arrives on (it signs the webhook); defaults to the first account. */
  accountSid?: string;
}

export interface InboundResult {
  /** The webhook's HTTP status and raw answer (TwiML). */
  status: number;
  body: string;
  /** Bodies of the `<Message>` replies the answer asked for, each stored as an outbound-reply message. */
  replies: string[];
}

interface Rejection {
  httpStatus: number;
  code: number;
  message: string;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages(?:\/(SM[0-9a-f]{32}))?\.json$/;
const CALLS_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls(?:\/(CA[0-9a-f]{32}))?\.json$/;
const RECORDING_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\/(RE[0-9a-f]{32})(?:\.(wav|mp3))?$/;
const CALL_EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * A Twilio-compatible HTTP server for development and tests: the real twilio SDK talks to it when
 * its base URL points here. It accepts the Messages API calls the SDK makes (create, fetch, list),
 * answers with realistic resources and errors, posts signed status callbacks, keeps every message
 * (outbound and inbound) for inboxes and transcripts, and can send an inbound SMS to a webhook
 * signed exactly as Twilio signs it, turning the webhook's TwiML `<Message>` replies into messages.
 *
 * Standalone: `await sim.start(port)`. Mounted in an app: `app.use('/dev/twilio', (req, res) => sim.handle(req, res))`
 * with `publicUrl` set to where that path is reachable.
 */
export class TwilioSimulator {
  readonly messages: SimulatedMessage[] = [];
  /** Voice calls created through the API, oldest first; each carries its transcript. */
  readonly calls: SimulatedCall[] = [];
  private readonly callScripts = new Map<string, CallScript[]>();
  private readonly recordings = new Map<string, { accountSid: string; callSid: string; seconds: number }>();
  private readonly accounts = new Map<string, string>();
  private readonly failures = new Map<string, { status: 'undelivered' | 'failed'; errorCode: number }>();
  private readonly rejections = new Map<string, Rejection>();
  /** Numbers whose message create calls were refused by `rejectWith`, one entry per refusal. */
  readonly refused: string[] = [];
  /** Every Messages and Calls API request, in arrival order, with what it was answered. */
  readonly apiRequests: ApiRequestRecord[] = [];
  private readonly faults = new ApiFaults();
  /** Requests a fault keeps unanswered; their sockets are closed on `stop`. */
  private readonly unanswered = new Set<ServerResponse>();
  private readonly options: SimulatorOptions;
  private server?: http.Server;
  private baseUrl?: string;
  private pending = new Set<Promise<unknown>>();

  constructor(options: SimulatorOptions = {}) {
    this.options = options;
    for (const account of options.accounts ?? []) this.addAccount(account.accountSid, account.authToken);
    if (options.accountSid !== undefined || options.authToken !== undefined) {
      if (!options.accountSid || !options.authToken)
        throw new Error('TwilioSimulator: accountSid and authToken go together');
      this.addAccount(options.accountSid, options.authToken);
    }
    if (options.publicUrl) this.baseUrl = options.publicUrl.replace(/\/+$/, '');
  }

  /** Accepts another account (or replaces the token of a known one). */
  addAccount(accountSid: string, authToken: string): void {
    if (!ACCOUNT_SID.test(accountSid))
      throw new Error(`TwilioSimulator: ${accountSid} is not an account SID (AC followed by 32 hex digits)`);
    if (!authToken) throw new Error(`TwilioSimulator: account ${accountSid} needs an auth token`);
    this.accounts.set(accountSid, authToken);
  }

  /** Listens on its own port; `url` becomes the listening address. */
  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.baseUrl = listeningUrl(server);
    return this;
  }

  /** The API base the SDK should use (`client.api.baseUrl = sim.url`). */
  get url(): string {
    if (!this.baseUrl)
      throw new Error('TwilioSimulator has no URL: call start() or pass publicUrl when mounting handle()');
    return this.baseUrl;
  }

  /** Messages sent to this number (outbound, by API or as replies), oldest first. */
  inbox(phone: string): SimulatedMessage[] {
    return this.messages.filter((m) => m.to === phone && m.direction !== 'inbound');
  }

  /** Every message to or from this number, in the order they happened: a transcript. */
  conversation(phone: string): SimulatedMessage[] {
    return this.messages.filter((m) => m.to === phone || m.from === phone);
  }

  /** Delivery to this number ends in `status` with Twilio's error code (e.g. 30006 landline). */
  failDeliveryTo(phone: string, errorCode: number, status: 'undelivered' | 'failed' = 'undelivered'): void {
    this.failures.set(phone, { status, errorCode });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Creating a message to this number is refused with this HTTP status and Twilio error (e.g. 429/20429, 400/21610). */
  rejectWith(phone: string, httpStatus: number, code: number, message: string): void {
    this.rejections.set(phone, { httpStatus, code, message });
  }

  clearRejections(): void {
    this.rejections.clear();
  }

  /**
   * The Messages and Calls APIs misbehave for a while: answer errors, hang, or act and then not
   * answer (see ApiFault), for `count` requests or `forMs`, for one number or all. Faults apply
   * before authentication, as when Twilio itself is down.
   */
  injectFault(fault: ApiFault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Posts an inbound SMS to a webhook, signed like Twilio with the account's token. The inbound
   * message is stored; each `<Message>` in a 200 TwiML answer is stored as a delivered
   * outbound-reply, as Twilio would send it.
   */
  async sendInbound(webhookUrl: string, sms: InboundSms): Promise<InboundResult> {
    const accountSid = sms.accountSid ?? this.accounts.keys().next().value;
    const authToken = accountSid === undefined ? undefined : this.accounts.get(accountSid);
    if (accountSid === undefined || authToken === undefined)
      throw new Error(`TwilioSimulator: unknown account ${accountSid ?? '(none configured)'}`);
    const now = new Date();
    const inbound = this.store({
      sid: sms.messageSid ?? newSid('SM'),
      accountSid,
      to: sms.to,
      from: sms.from,
      body: sms.body,
      direction: 'inbound',
      status: 'received',
      errorCode: null,
      numSegments: smsSegments(sms.body).segments,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    });
    const params: Record<string, string> = {
      MessageSid: inbound.sid,
      SmsSid: inbound.sid,
      SmsMessageSid: inbound.sid,
      AccountSid: accountSid,
      From: sms.from,
      To: sms.to,
      Body: sms.body,
      NumMedia: '0',
      NumSegments: String(inbound.numSegments),
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    const answer = await this.postSigned(authToken, webhookUrl, params);
    const replies: string[] = [];
    if (answer.status === 200) {
      for (const reply of twimlMessages(answer.body)) {
        if (!reply.body) continue; // Twilio refuses an empty <Message> (no body, no media) rather than sending it
        const at = new Date();
        this.store({
          sid: newSid('SM'),
          accountSid,
          to: reply.to ?? sms.from,
          from: reply.from ?? sms.to,
          body: reply.body,
          direction: 'outbound-reply',
          status: 'delivered',
          errorCode: null,
          numSegments: smsSegments(reply.body).segments,
          dateCreated: at,
          dateUpdated: at,
          dateSent: at,
        });
        replies.push(reply.body);
      }
    }
    return { ...answer, replies };
  }

  /**
   * What the callee at this number does on the next call to it (scripts queue up, one per call):
   * how the phone answers and, one per `<Gather>`/`<Record>`, what the caller does. A call
   * without a script is answered by a caller who hangs up at the first question.
   */
  scriptCall(phone: string, script: CallScript | CallerAction[]): void {
    const normalized = Array.isArray(script) ? { actions: script } : script;
    this.callScripts.set(phone, [...(this.callScripts.get(phone) ?? []), normalized]);
  }

  clearCallScripts(): void {
    this.callScripts.clear();
  }

  /** What happened on a call, in order; the last entry (once it ended) is `{ kind: 'end', status, duration }`. */
  callTranscript(callSid: string): TranscriptEntry[] {
    const call = this.calls.find((c) => c.sid === callSid);
    if (!call) throw new Error(`TwilioSimulator: no call ${callSid}`);
    return call.transcript;
  }

  /** Resolves once every status callback and call started so far has been delivered or ended. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async stop(): Promise<void> {
    await this.settle();
    for (const res of this.unanswered) res.socket?.destroy();
    this.unanswered.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The Twilio API as a request handler: used by `start()`, or mounted under a prefix in an
   * Express/connect app (which strips the prefix from req.url). A body already parsed upstream
   * (req.body) is used as is; otherwise the stream is read. Never rejects.
   */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (error) {
      if (!res.headersSent)
        json(res, 500, twilioError(500, 20500, `Internal Server Error: ${(error as Error).message}`));
      else res.end();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const recording = RECORDING_PATH.exec(url.pathname);
    if (recording && req.method === 'GET') return this.serveRecording(res, recording[1], recording[2]);
    const call = CALLS_PATH.exec(url.pathname);
    const match = MESSAGES_PATH.exec(url.pathname);
    if (!call && !match) return json(res, 404, twilioError(404, 20404, 'The requested resource was not found'));
    const form = req.method === 'POST' ? await readForm(req) : undefined;
    if (this.faulted(req, res, url, form)) return;
    if (call) return this.routeCalls(req, res, call[1], call[2], url.searchParams, form);
    const [, accountSid, messageSid] = match!;
    if (!this.authorized(req, accountSid)) return json(res, 401, twilioError(401, 20003, 'Authenticate'));
    if (req.method === 'GET' && messageSid) {
      const found = this.messages.find((m) => m.sid === messageSid && m.accountSid === accountSid);
      return found
        ? json(res, 200, resource(found))
        : json(res, 404, twilioError(404, 20404, 'The requested resource was not found'));
    }
    if (req.method === 'GET') return json(res, 200, this.listPage(accountSid, url.searchParams));
    if (req.method !== 'POST' || messageSid || !form)
      return json(res, 405, twilioError(405, 20004, 'Method not allowed'));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
    const body = form.get('Body') ?? '';
    const rejection = this.rejections.get(to);
    if (rejection) this.refused.push(to);
    if (rejection)
      return json(res, rejection.httpStatus, twilioError(rejection.httpStatus, rejection.code, rejection.message));
    if (!E164.test(to))
      return json(res, 400, twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
    if (!from)
      return json(res, 400, twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required."));
    if (!body) return json(res, 400, twilioError(400, 21602, 'Message body is required.'));
    const now = new Date();
    const message = this.store({
      sid: newSid('SM'),
      accountSid,
      to,
      from,
      body,
      direction: 'outbound-api',
      status: 'queued',
      errorCode: null,
      statusCallback: form.get('StatusCallback') ?? undefined,
      numSegments: smsSegments(body).segments,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    });
    json(res, 201, resource(message));
    this.track(this.progress(message));
  }

  /** Calls.json: create (POST), fetch and list (GET). */
  private async routeCalls(
    req: IncomingMessage,
    res: ServerResponse,
    accountSid: string,
    callSid: string | undefined,
    query: URLSearchParams,
    form: URLSearchParams | undefined,
  ): Promise<void> {
    if (!this.authorized(req, accountSid)) return json(res, 401, twilioError(401, 20003, 'Authenticate'));
    if (req.method === 'GET' && callSid) {
      const found = this.calls.find((c) => c.sid === callSid && c.accountSid === accountSid);
      return found
        ? json(res, 200, callResource(found))
        : json(res, 404, twilioError(404, 20404, 'The requested resource was not found'));
    }
    if (req.method === 'GET') {
      const to = query.get('To');
      const from = query.get('From');
      const status = query.get('Status');
      const calls = this.calls
        .filter(
          (c) =>
            c.accountSid === accountSid &&
            (!to || c.to === to) &&
            (!from || c.from === from) &&
            (!status || c.status === status),
        )
        .reverse();
      const uri = `/2010-04-01/Accounts/${accountSid}/Calls.json`;
      return json(res, 200, {
        calls: calls.map(callResource),
        end: Math.max(0, calls.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: calls.length,
        previous_page_uri: null,
        start: 0,
        uri,
      });
    }
    if (req.method !== 'POST' || callSid || !form) return json(res, 405, twilioError(405, 20004, 'Method not allowed'));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const target = form.get('Url') ?? '';
    const twiml = form.get('Twiml') ?? undefined;
    if (!to) return json(res, 400, twilioError(400, 21201, "No 'To' number is specified"));
    if (!E164.test(to))
      return json(res, 400, twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
    if (!from) return json(res, 400, twilioError(400, 21213, "No 'From' number is specified"));
    if (!twiml && !target) return json(res, 400, twilioError(400, 21205, 'Url parameter is required.'));
    if (target && !/^https?:\/\/[^/]+/i.test(target))
      return json(res, 400, twilioError(400, 21205, `Url is not a valid URL: ${target}`));
    const statusCallback = form.get('StatusCallback') || undefined;
    if (statusCallback && !/^https?:\/\/[^/]+/i.test(statusCallback))
      return json(res, 400, twilioError(400, 21609, `StatusCallback is not a valid URL: ${statusCallback}`));
    const events = form
      .getAll('StatusCallbackEvent')
      .flatMap((e) => e.split(/[\s,]+/))
      .filter(Boolean);
    const unknownEvent = events.find((e) => !CALL_EVENTS.has(e));
    if (unknownEvent) return json(res, 400, twilioError(400, 21626, `Invalid StatusCallbackEvent: ${unknownEvent}`));
    const machineDetection = form.get('MachineDetection') || undefined;
    if (machineDetection && machineDetection !== 'Enable' && machineDetection !== 'DetectMessageEnd') {
      return json(
        res,
        400,
        twilioError(400, 21626, `MachineDetection must be Enable or DetectMessageEnd, not ${machineDetection}`),
      );
    }
    const queue = this.callScripts.get(to);
    const script = queue?.shift() ?? {};
    if (queue && !queue.length) this.callScripts.delete(to);
    const now = new Date();
    const call: SimulatedCall = {
      sid: newSid('CA'),
      accountSid,
      to,
      from,
      url: target || undefined,
      method: form.get('Method')?.toUpperCase() === 'GET' ? 'GET' : 'POST',
      twiml,
      direction: 'outbound-api',
      status: 'queued',
      answeredBy: null,
      machineDetection,
      statusCallback,
      statusCallbackMethod: form.get('StatusCallbackMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST',
      statusCallbackEvents: events,
      timeout: positiveInt(form.get('Timeout')) ?? 60,
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      duration: null,
      transcript: [],
      requests: [],
      twimlFetches: 0,
      script,
    };
    this.calls.push(call);
    json(res, 201, callResource(call));
    this.track(
      runVoiceCall(call, {
        authToken: (sid) => this.accounts.get(sid),
        accountUrl: (sid) => `${this.url}/2010-04-01/Accounts/${sid}`,
        recordingMade: (r) => this.recordings.set(r.sid, r),
        delayMs: this.options.callbackDelayMs ?? 5,
        maxTwimlFetches: this.options.maxTwimlFetches ?? 100,
        ended: (c) => {
          try {
            this.options.onCall?.(c);
          } catch (error) {
            process.emitWarning(`TwilioSimulator onCall listener threw: ${(error as Error).message}`);
          }
        },
      }),
    );
  }

  /**
   * Logs an API request and applies the fault it meets, if any: true when the request was
   * answered (or left unanswered) by the fault and must go no further.
   */
  private faulted(req: IncomingMessage, res: ServerResponse, url: URL, form: URLSearchParams | undefined): boolean {
    const to = form?.get('To') ?? url.searchParams.get('To') ?? undefined;
    const record: ApiRequestRecord = { at: new Date(), method: req.method ?? 'GET', path: url.pathname, to };
    this.apiRequests.push(record);
    res.once('finish', () => (record.outcome ??= res.statusCode));
    const fault = this.faults.take(record);
    if (!fault) return false;
    if (fault.mode === 'error') {
      const status = fault.status ?? 500;
      json(res, status, twilioError(status, status === 503 ? 20503 : 20500, 'Service Unavailable (simulated fault)'));
      return true;
    }
    record.outcome = fault.mode;
    this.unanswered.add(res);
    res.once('close', () => this.unanswered.delete(res));
    if (fault.mode === 'hang') return true;
    // drop-response: the request goes through; only its answer is lost.
    res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
    res.end = (() => res) as unknown as ServerResponse['end'];
    return false;
  }

  /** A recording made by `<Record>`: silent 8 kHz mono WAV of its length (public, as Twilio's are by default). */
  private serveRecording(res: ServerResponse, accountSid: string, recordingSid: string): void {
    const recording = this.recordings.get(recordingSid);
    if (!recording || recording.accountSid !== accountSid)
      return json(res, 404, twilioError(404, 20404, 'The requested resource was not found'));
    res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(silentWav(recording.seconds));
  }

  /** GET Messages.json: the account's messages filtered like Twilio (To, From, DateSent), newest first, paged. */
  private listPage(accountSid: string, query: URLSearchParams) {
    const to = query.get('To');
    const from = query.get('From');
    const on = dateParam(query.get('DateSent'));
    const before = dateParam(query.get('DateSent<'), true);
    const after = dateParam(query.get('DateSent>'));
    const pageSize = Math.min(MAX_PAGE_SIZE, positiveInt(query.get('PageSize')) ?? DEFAULT_PAGE_SIZE);
    const page = nonNegativeInt(query.get('Page')) ?? 0;
    const matching = this.messages
      .filter((m) => m.accountSid === accountSid && (!to || m.to === to) && (!from || m.from === from))
      .filter((m) => {
        const sent = m.dateSent ?? m.dateCreated;
        if (on && sent.toISOString().slice(0, 10) !== on.toISOString().slice(0, 10)) return false;
        if (before && sent > before) return false;
        if (after && sent < after) return false;
        return true;
      })
      .reverse();
    const start = page * pageSize;
    const items = matching.slice(start, start + pageSize);
    const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const filters = new URLSearchParams();
    for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
      const value = query.get(key);
      if (value) filters.set(key, value);
    }
    const pageUri = (n: number) => {
      const params = new URLSearchParams(filters);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(n));
      return `${base}?${params.toString()}`;
    };
    return {
      messages: items.map(resource),
      end: items.length ? start + items.length - 1 : start,
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start,
      uri: pageUri(page),
    };
  }

  /** queued → sent → delivered (or the configured failure), with a signed callback at each step. */
  private async progress(message: SimulatedMessage): Promise<void> {
    const failure = this.failures.get(message.to);
    const steps: Array<Pick<SimulatedMessage, 'status' | 'errorCode'>> = failure
      ? [
          { status: 'sent', errorCode: null },
          { status: failure.status, errorCode: failure.errorCode },
        ]
      : [
          { status: 'sent', errorCode: null },
          { status: 'delivered', errorCode: null },
        ];
    for (const step of steps) {
      await new Promise((r) => setTimeout(r, this.options.callbackDelayMs ?? 5));
      const now = new Date();
      Object.assign(message, step, { dateUpdated: now });
      if (step.status === 'sent') message.dateSent = now;
      if (!message.statusCallback) continue;
      const authToken = this.accounts.get(message.accountSid);
      if (!authToken) continue;
      const params: Record<string, string> = {
        MessageSid: message.sid,
        SmsSid: message.sid,
        AccountSid: message.accountSid,
        From: message.from,
        To: message.to,
        MessageStatus: step.status,
        SmsStatus: step.status,
        ApiVersion: '2010-04-01',
      };
      if (step.errorCode) params.ErrorCode = String(step.errorCode);
      await this.postSigned(authToken, message.statusCallback, params).catch(() => undefined);
    }
  }

  private store(message: SimulatedMessage): SimulatedMessage {
    this.messages.push(message);
    try {
      this.options.onMessage?.(message);
    } catch (error) {
      // A listener's failure must not break the API call or the inbound flow it observes.
      process.emitWarning(`TwilioSimulator onMessage listener threw: ${(error as Error).message}`);
    }
    return message;
  }

  private postSigned(
    authToken: string,
    url: string,
    params: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    return signedRequest(authToken, 'POST', url, params);
  }

  /** Basic auth must name the URL's account and carry that account's token. */
  private authorized(req: IncomingMessage, accountSid: string): boolean {
    const token = this.accounts.get(accountSid);
    const header = req.headers.authorization ?? '';
    if (token === undefined || !/^Basic /i.test(header)) return false;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    return decoded.slice(0, colon) === accountSid && decoded.slice(colon + 1) === token;
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

function resource(m: SimulatedMessage) {
  return {
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: m.status,
    error_code: m.errorCode,
    error_message: null,
    num_segments: String(m.numSegments),
    num_media: '0',
    direction: m.direction,
    api_version: '2010-04-01',
    price: null,
    price_unit: 'USD',
    date_created: m.dateCreated.toUTCString(),
    date_updated: m.dateUpdated.toUTCString(),
    date_sent: m.dateSent?.toUTCString() ?? null,
    messaging_service_sid: m.from.startsWith('MG') ? m.from : null,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
    subresource_uris: {
      media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json`,
      feedback: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Feedback.json`,
    },
  };
}

function callResource(c: SimulatedCall) {
  const uri = `/2010-04-01/Accounts/${c.accountSid}/Calls/${c.sid}`;
  return {
    sid: c.sid,
    date_created: c.dateCreated.toUTCString(),
    date_updated: c.dateUpdated.toUTCString(),
    parent_call_sid: null,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: null,
    status: c.status,
    start_time: c.startTime?.toUTCString() ?? null,
    end_time: c.endTime?.toUTCString() ?? null,
    duration: c.duration === null ? null : String(c.duration),
    price: null,
    price_unit: 'USD',
    direction: c.direction,
    answered_by: c.answeredBy,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${uri}.json`,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      payments: `${uri}/Payments.json`,
      events: `${uri}/Events.json`,
      siprec: `${uri}/Siprec.json`,
      streams: `${uri}/Streams.json`,
      transcriptions: `${uri}/Transcriptions.json`,
      user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${uri}/UserDefinedMessages.json`,
    },
  };
}

/** `seconds` of silence as an 8 kHz, 8-bit mono WAV file. */
function silentWav(seconds: number): Buffer {
  const samples = Math.max(0, Math.round(seconds * 8000));
  const wav = Buffer.alloc(44 + samples, 0x80);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  return wav;
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function listeningUrl(server: http.Server): string {
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** The request's form: from an upstream body parser when it ran, otherwise read from the stream. */
async function readForm(req: IncomingMessage & { body?: unknown }): Promise<URLSearchParams> {
  const parsed = req.body;
  if (typeof parsed === 'string') return new URLSearchParams(parsed);
  if (Buffer.isBuffer(parsed)) return new URLSearchParams(parsed.toString('utf8'));
  if (parsed && typeof parsed === 'object' && (Object.keys(parsed).length > 0 || req.readableEnded)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== undefined && v !== null) form.append(key, String(v));
    }
    return form;
  }
  if (req.readableEnded) return new URLSearchParams();
  return new URLSearchParams(await readBody(req));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function positiveInt(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function nonNegativeInt(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A DateSent filter value; a bare YYYY-MM-DD taken as an upper bound covers that whole (UTC) day, as Twilio's does. */
function dateParam(value: string | null, upperBound = false): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return upperBound && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(date.getTime() + 86_400_000 - 1) : date;
}
