import { randomBytes } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { getExpectedTwilioSignature } from 'twilio';
import { smsSegments } from '../sms-segments';

/** A message as the simulator stores it, shaped like Twilio's Message resource. */
export interface SimulatedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  errorCode: number | null;
  statusCallback?: string;
  numSegments: number;
  dateCreated: Date;
}

export interface SimulatorOptions {
  accountSid: string;
  authToken: string;
  /** Delay before each status callback, so tests can observe `queued` first. */
  callbackDelayMs?: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages(?:\/(SM[0-9a-f]{32}))?\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A Twilio-compatible HTTP server for development and tests: the real twilio SDK talks to it when
 * its base URL points here. It accepts the Messages API calls the SDK makes, answers with realistic
 * resources, posts signed status callbacks, keeps an inbox per number, and can send an inbound SMS
 * to a webhook signed exactly as Twilio signs it.
 */
export class TwilioSimulator {
  readonly messages: SimulatedMessage[] = [];
  private readonly failures = new Map<string, { status: 'undelivered' | 'failed'; errorCode: number }>();
  private server?: http.Server;
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly options: SimulatorOptions) {}

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return this;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Messages sent to this number, oldest first. */
  inbox(phone: string): SimulatedMessage[] {
    return this.messages.filter((m) => m.to === phone);
  }

  /** Delivery to this number ends in `status` with Twilio's error code (e.g. 30006 landline). */
  failDeliveryTo(phone: string, errorCode: number, status: 'undelivered' | 'failed' = 'undelivered'): void {
    this.failures.set(phone, { status, errorCode });
  }

  /** Posts an inbound SMS to a webhook, signed like Twilio; returns the webhook's answer (TwiML). */
  async sendInbound(webhookUrl: string, sms: { from: string; to: string; body: string; messageSid?: string }): Promise<{ status: number; body: string }> {
    const params: Record<string, string> = {
      MessageSid: sms.messageSid ?? newSid('SM'),
      SmsSid: '',
      AccountSid: this.options.accountSid,
      From: sms.from,
      To: sms.to,
      Body: sms.body,
      NumMedia: '0',
      NumSegments: String(smsSegments(sms.body).segments),
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    params.SmsSid = params.MessageSid;
    return this.postSigned(webhookUrl, params);
  }

  /** Resolves once every status callback started so far has been delivered. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async stop(): Promise<void> {
    await this.settle();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = MESSAGES_PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match) return json(res, 404, twilioError(20404, 'The requested resource was not found'));
    if (!this.authorized(req, match[1])) return json(res, 401, twilioError(20003, 'Authenticate'));
    if (req.method === 'GET' && match[2]) {
      const found = this.messages.find((m) => m.sid === match[2]);
      return found ? json(res, 200, resource(found)) : json(res, 404, twilioError(20404, 'The requested resource was not found'));
    }
    if (req.method !== 'POST' || match[2]) return json(res, 405, twilioError(20004, 'Method not allowed'));
    const form = new URLSearchParams(await readBody(req));
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to)) return json(res, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`));
    if (!from) return json(res, 400, twilioError(21603, "A 'From' or 'MessagingServiceSid' parameter is required."));
    if (!body) return json(res, 400, twilioError(21602, 'Message body is required.'));
    const message: SimulatedMessage = {
      sid: newSid('SM'), accountSid: match[1], to, from, body, status: 'queued', errorCode: null,
      statusCallback: form.get('StatusCallback') ?? undefined, numSegments: smsSegments(body).segments, dateCreated: new Date(),
    };
    this.messages.push(message);
    json(res, 201, resource(message));
    this.track(this.progress(message));
  }

  /** queued → sent → delivered (or the configured failure), with a signed callback at each step. */
  private async progress(message: SimulatedMessage): Promise<void> {
    const failure = this.failures.get(message.to);
    const steps: Array<Pick<SimulatedMessage, 'status' | 'errorCode'>> = failure
      ? [{ status: 'sent', errorCode: null }, { status: failure.status, errorCode: failure.errorCode }]
      : [{ status: 'sent', errorCode: null }, { status: 'delivered', errorCode: null }];
    for (const step of steps) {
      await new Promise((r) => setTimeout(r, this.options.callbackDelayMs ?? 5));
      Object.assign(message, step);
      if (!message.statusCallback) continue;
      const params: Record<string, string> = {
        MessageSid: message.sid, SmsSid: message.sid, AccountSid: message.accountSid, From: message.from, To: message.to,
        MessageStatus: step.status, SmsStatus: step.status, ApiVersion: '2010-04-01',
      };
      if (step.errorCode) params.ErrorCode = String(step.errorCode);
      await this.postSigned(message.statusCallback, params).catch(() => undefined);
    }
  }

  private async postSigned(url: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const signature = getExpectedTwilioSignature(this.options.authToken, url, params);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  }

  private authorized(req: IncomingMessage, accountSid: string): boolean {
    const header = req.headers.authorization ?? '';
    const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString().split(':');
    return accountSid === this.options.accountSid && user === this.options.accountSid && password === this.options.authToken;
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function resource(m: SimulatedMessage) {
  return {
    sid: m.sid, account_sid: m.accountSid, to: m.to, from: m.from, body: m.body, status: m.status,
    error_code: m.errorCode, error_message: null, num_segments: String(m.numSegments), num_media: '0', direction: 'outbound-api',
    api_version: '2010-04-01', price: null, price_unit: 'USD', date_created: m.dateCreated.toUTCString(), date_updated: new Date().toUTCString(),
    date_sent: null, messaging_service_sid: m.from.startsWith('MG') ? m.from : null,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`, subresource_uris: {},
  };
}

function twilioError(code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: code === 20003 ? 401 : code === 20404 ? 404 : 400 };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
