import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidTwilioSignature, messageTwiml } from '../channels/twilio/twilio-signature';
import { TwilioAccountsService } from '../channels/twilio/twilio-accounts.service';
import { isUuid } from '../common/id.pipe';
import { PROBLEM_TYPE_BASE, sendProblem } from '../common/problem.filter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DeliveryStatusService } from '../invitations/delivery-status.service';
import { SmsInboundService } from './sms-inbound.service';

const ROUTE = /^\/webhooks\/twilio\/([^/?]+)\/sms(\/status)?(?:\?(.*))?$/;
const MAX_BODY_BYTES = 1024 * 1024;

interface Problem {
  status: number;
  slug: string;
  title: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

/**
 * Twilio's webhooks, answered on the Node HTTP server ahead of Express and Nest: they are the
 * hottest inbound path (every customer reply, two or three delivery callbacks per text) and need
 * none of the framework's per-request work (routing, query and body parsers, guards, pipes), which
 * measured as a fifth of the service's CPU here. The signature is the authentication: nothing is
 * read or stored before it checks out.
 */
@Injectable()
export class TwilioWebhooksRouter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: TwilioAccountsService,
    private readonly inbound: SmsInboundService,
    private readonly delivery: DeliveryStatusService,
  ) {}

  /** Handles the request when it is one of ours and returns true; anything else is left to Express. */
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/twilio/')) return false;
    const match = ROUTE.exec(req.url);
    if (!match) return false;
    void this.handle(req, res, match[1], match[2] ? 'status' : 'sms', new URLSearchParams(match[3] ?? ''));
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, workspaceId: string, kind: 'sms' | 'status', query: URLSearchParams): Promise<void> {
    try {
      const read = await readForm(req);
      if ('problem' in read) return problem(req, res, read.problem);
      const body = read.form;
      const signature = req.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || signature === '') {
        return problem(req, res, { status: 400, slug: 'missing-signature', title: 'Missing signature', detail: 'The X-Twilio-Signature header is required.' });
      }
      const account = isUuid(workspaceId) ? await this.accounts.forWorkspace(workspaceId) : null;
      if (!account) return problem(req, res, { status: 404, slug: 'not-found', title: 'Not found', detail: 'Workspace was not found.' });
      if (!isValidTwilioSignature(account.authToken, signature, this.config.publicBaseUrl + req.url, body)) {
        return problem(req, res, { status: 403, slug: 'bad-signature', title: 'Forbidden', detail: 'The X-Twilio-Signature does not match this request.' });
      }
      const reply = kind === 'sms' ? await this.onInboundSms(workspaceId, body) : await this.onStatus(workspaceId, body, query);
      if (typeof reply === 'object') return problem(req, res, reply);
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(messageTwiml(reply));
    } catch {
      // Twilio retries on 5xx; the MessageSid makes that safe.
      problem(req, res, { status: 500, slug: 'error', title: 'Internal Server Error', detail: 'Something went wrong on our side.' });
    }
  }

  private async onInboundSms(workspaceId: string, p: Record<string, string>): Promise<string | Problem> {
    const missing = ['MessageSid', 'From', 'To'].filter((k) => !p[k]);
    if (missing.length) {
      return { status: 400, slug: 'bad-request', title: 'Bad request', detail: 'Required Twilio parameters are missing.', errors: missing.map((k) => ({ path: k, message: 'Required' })) };
    }
    return this.inbound.receive({ workspaceId, messageSid: p.MessageSid, from: p.From, to: p.To, body: p.Body ?? '' });
  }

  private async onStatus(workspaceId: string, p: Record<string, string>, query: URLSearchParams): Promise<string | Problem> {
    const status = p.MessageStatus ?? p.SmsStatus;
    if (!p.MessageSid || !status) {
      return { status: 400, slug: 'bad-request', title: 'Bad request', detail: 'MessageSid and MessageStatus are required.', errors: [{ path: 'MessageStatus', message: 'Required' }] };
    }
    const invitation = query.get('invitation');
    await this.delivery.record({
      workspaceId,
      invitationId: isUuid(invitation) ? invitation : undefined,
      messageSid: p.MessageSid,
      status,
      errorCode: p.ErrorCode ? Number(p.ErrorCode) : undefined,
      from: p.From || undefined,
    });
    return '';
  }
}

/** The form Twilio posts, as flat fields; a problem for a body that is too large or not a form. */
function readForm(req: IncomingMessage): Promise<{ form: Record<string, string> } | { problem: Problem }> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? '';
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve({ problem: { status: 413, slug: 'too-large', title: 'Request body too large', detail: 'The body is larger than 1 MB.' } });
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        return resolve({ problem: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Twilio webhooks are application/x-www-form-urlencoded.' } });
      }
      resolve({ form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) });
    });
  });
}

function problem(req: IncomingMessage, res: ServerResponse, p: Problem): void {
  sendProblem(res, req, { type: PROBLEM_TYPE_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, errors: p.errors });
}
