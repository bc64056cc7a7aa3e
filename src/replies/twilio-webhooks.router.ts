import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import { TwilioAccountsService } from '../channels/twilio/twilio-accounts.service';
import { isValidTwilioSignature, messageTwiml } from '../channels/twilio/twilio-signature';
import { readVoiceTurn } from '../channels/twilio/voice-urls';
import { isUuid } from '../common/id.pipe';
import { PROBLEM_TYPE_BASE, sendProblem } from '../common/problem.filter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CallStatusService } from '../invitations/call-status.service';
import { DeliveryStatusService } from '../invitations/delivery-status.service';
import { NO_INPUT_PARAM } from './ivr-script';
import { SmsInboundService } from './sms-inbound.service';
import { VoiceCallService } from './voice-call.service';

const SMS_ROUTE = /^\/webhooks\/twilio\/([^/?]+)\/sms(\/status)?(?:\?(.*))?$/;
const VOICE_ROUTE = /^\/webhooks\/twilio\/([^/?]+)\/voice\/([A-Za-z0-9_-]+)(\/status|\/transcription)?(?:\?(.*))?$/;

type Hook =
  | { kind: 'sms' | 'sms-status'; workspaceId: string; query: URLSearchParams }
  | {
      kind: 'voice' | 'voice-status' | 'voice-transcription';
      workspaceId: string;
      token: string;
      query: URLSearchParams;
    };

/** Which of our Twilio webhooks a path is, or null. */
function matchHook(url: string): Hook | null {
  const sms = SMS_ROUTE.exec(url);
  if (sms)
    return { kind: sms[2] ? 'sms-status' : 'sms', workspaceId: sms[1], query: new URLSearchParams(sms[3] ?? '') };
  const voice = VOICE_ROUTE.exec(url);
  if (!voice) return null;
  const kind =
    voice[3] === '/status' ? 'voice-status' : voice[3] === '/transcription' ? 'voice-transcription' : 'voice';
  return { kind, workspaceId: voice[1], token: voice[2], query: new URLSearchParams(voice[4] ?? '') };
}
const MAX_BODY_BYTES = 1024 * 1024;
/** An empty reply: Twilio wants a 200 with TwiML even for callbacks it does not act on. */
const EMPTY_TWIML = messageTwiml('');

interface Problem {
  status: number;
  slug: string;
  title: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

const NO_SUCH_CALL: Problem = {
  status: 404,
  slug: 'not-found',
  title: 'Not found',
  detail: 'No phone survey has this token in this workspace.',
};

/**
 * Twilio's webhooks (SMS, delivery status, and every turn of a phone survey), answered on the Node
 * HTTP server ahead of Express and Nest: they are the hottest inbound path (every customer reply,
 * two or three delivery callbacks per text, a request per question on a call) and need
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
    private readonly voice: VoiceCallService,
    private readonly callStatus: CallStatusService,
  ) {}

  /** Handles the request when it is one of ours and returns true; anything else is left to Express. */
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/twilio/')) return false;
    const hook = matchHook(req.url);
    if (!hook) return false;
    void this.handle(req, res, hook);
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, hook: Hook): Promise<void> {
    const { workspaceId } = hook;
    try {
      const read = await readForm(req);
      if ('problem' in read) return problem(req, res, read.problem);
      const body = read.form;
      const signature = req.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || signature === '') {
        return problem(req, res, {
          status: 400,
          slug: 'missing-signature',
          title: 'Missing signature',
          detail: 'The X-Twilio-Signature header is required.',
        });
      }
      const account = isUuid(workspaceId) ? await this.accounts.forWorkspace(workspaceId) : null;
      if (!account)
        return problem(req, res, {
          status: 404,
          slug: 'not-found',
          title: 'Not found',
          detail: 'Workspace was not found.',
        });
      if (!isValidTwilioSignature(account.authToken, signature, this.config.publicBaseUrl + req.url, body)) {
        return problem(req, res, {
          status: 403,
          slug: 'bad-signature',
          title: 'Forbidden',
          detail: 'The X-Twilio-Signature does not match this request.',
        });
      }
      const reply = await this.dispatch(hook, body);
      if (typeof reply === 'object') return problem(req, res, reply);
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(reply);
    } catch {
      // Twilio retries on 5xx; the MessageSid makes that safe.
      problem(req, res, {
        status: 500,
        slug: 'error',
        title: 'Internal Server Error',
        detail: 'Something went wrong on our side.',
      });
    }
  }

  /** The TwiML document to answer with, or a problem. */
  private async dispatch(hook: Hook, body: Record<string, string>): Promise<string | Problem> {
    switch (hook.kind) {
      case 'sms': {
        const reply = await this.onInboundSms(hook.workspaceId, body);
        return typeof reply === 'string' ? messageTwiml(reply) : reply;
      }
      case 'sms-status': {
        const reply = await this.onStatus(hook.workspaceId, body, hook.query);
        return typeof reply === 'string' ? messageTwiml(reply) : reply;
      }
      case 'voice': {
        const twiml = await this.voice.twiml({
          workspaceId: hook.workspaceId,
          token: hook.token,
          turn: readVoiceTurn(hook.query),
          noInput: hook.query.get(NO_INPUT_PARAM) === '1',
          params: body,
        });
        return twiml ?? NO_SUCH_CALL;
      }
      case 'voice-status':
        if (!body.CallSid || !body.CallStatus) {
          return {
            status: 400,
            slug: 'bad-request',
            title: 'Bad request',
            detail: 'CallSid and CallStatus are required.',
            errors: [{ path: 'CallStatus', message: 'Required' }],
          };
        }
        await this.callStatus.record({
          workspaceId: hook.workspaceId,
          token: hook.token,
          callSid: body.CallSid,
          status: body.CallStatus,
          answeredBy: body.AnsweredBy || undefined,
          errorCode: body.ErrorCode ? Number(body.ErrorCode) : undefined,
          sipCode: body.SipResponseCode ? Number(body.SipResponseCode) : undefined,
          from: body.From || undefined,
        });
        return EMPTY_TWIML;
      case 'voice-transcription':
        await this.voice.transcription(hook.workspaceId, hook.token, hook.query.get('q'), body);
        return EMPTY_TWIML;
    }
  }

  private async onInboundSms(workspaceId: string, p: Record<string, string>): Promise<string | Problem> {
    const missing = ['MessageSid', 'From', 'To'].filter((k) => !p[k]);
    if (missing.length) {
      return {
        status: 400,
        slug: 'bad-request',
        title: 'Bad request',
        detail: 'Required Twilio parameters are missing.',
        errors: missing.map((k) => ({ path: k, message: 'Required' })),
      };
    }
    return this.inbound.receive({ workspaceId, messageSid: p.MessageSid, from: p.From, to: p.To, body: p.Body ?? '' });
  }

  private async onStatus(
    workspaceId: string,
    p: Record<string, string>,
    query: URLSearchParams,
  ): Promise<string | Problem> {
    const status = p.MessageStatus ?? p.SmsStatus;
    if (!p.MessageSid || !status) {
      return {
        status: 400,
        slug: 'bad-request',
        title: 'Bad request',
        detail: 'MessageSid and MessageStatus are required.',
        errors: [{ path: 'MessageStatus', message: 'Required' }],
      };
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
      if (size > MAX_BODY_BYTES)
        return resolve({
          problem: {
            status: 413,
            slug: 'too-large',
            title: 'Request body too large',
            detail: 'The body is larger than 1 MB.',
          },
        });
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        return resolve({
          problem: {
            status: 415,
            slug: 'unsupported-media-type',
            title: 'Unsupported media type',
            detail: 'Twilio webhooks are application/x-www-form-urlencoded.',
          },
        });
      }
      resolve({ form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) });
    });
  });
}

function problem(req: IncomingMessage, res: ServerResponse, p: Problem): void {
  sendProblem(res, req, {
    type: PROBLEM_TYPE_BASE + p.slug,
    title: p.title,
    status: p.status,
    detail: p.detail,
    errors: p.errors,
  });
}
