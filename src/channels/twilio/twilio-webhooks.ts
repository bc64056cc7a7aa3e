import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import { isUuid } from '../../common/id.pipe';
import { PROBLEM_TYPE_BASE, sendProblem, toProblemBody } from '../../common/problem.filter';
import { withoutNul } from '../../common/storable-input';
import { isUnreachable } from '../../common/unreachable';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { HttpLimits } from '../../limits/http-limits';
import { quotaExceeded } from '../../limits/rate-limit-headers';
import { TwilioAccountsService } from './twilio-accounts.service';
import { isValidTwilioSignature, messageTwiml } from './twilio-signature';

const SMS_ROUTE = /^\/webhooks\/twilio\/([^/?]+)\/sms(\/status)?(?:\?(.*))?$/;
const VOICE_ROUTE = /^\/webhooks\/twilio\/([^/?]+)\/voice\/([A-Za-z0-9_-]+)(\/status|\/transcription)?(?:\?(.*))?$/;

/** One of the webhooks Twilio calls us on, with its workspace, invitation token and query string. */
export type TwilioHook =
  | { kind: 'sms' | 'sms-status'; workspaceId: string; query: URLSearchParams }
  | {
      kind: 'voice' | 'voice-status' | 'voice-transcription';
      workspaceId: string;
      token: string;
      query: URLSearchParams;
    };

/** Which of our Twilio webhooks a POST is, or null when it is not one (Express gets it then). */
export function matchTwilioHook(req: IncomingMessage): TwilioHook | null {
  const url = req.url;
  if (req.method !== 'POST' || !url?.startsWith('/webhooks/twilio/')) return null;
  const sms = SMS_ROUTE.exec(url);
  if (sms)
    return { kind: sms[2] ? 'sms-status' : 'sms', workspaceId: sms[1], query: new URLSearchParams(sms[3] ?? '') };
  const voice = VOICE_ROUTE.exec(url);
  if (!voice) return null;
  const kind =
    voice[3] === '/status' ? 'voice-status' : voice[3] === '/transcription' ? 'voice-transcription' : 'voice';
  return { kind, workspaceId: voice[1], token: voice[2], query: new URLSearchParams(voice[4] ?? '') };
}

const ROUTE_TEMPLATES: Record<TwilioHook['kind'], string> = {
  sms: '/webhooks/twilio/:workspaceId/sms',
  'sms-status': '/webhooks/twilio/:workspaceId/sms/status',
  voice: '/webhooks/twilio/:workspaceId/voice/:token',
  'voice-status': '/webhooks/twilio/:workspaceId/voice/:token/status',
  'voice-transcription': '/webhooks/twilio/:workspaceId/voice/:token/transcription',
};

/** The route a Twilio webhook request is, as a template (for metrics: never the raw path). */
export function twilioRouteTemplate(req: IncomingMessage): string | null {
  const hook = matchTwilioHook(req);
  return hook ? ROUTE_TEMPLATES[hook.kind] : null;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** An empty reply: Twilio wants a 200 with TwiML even for callbacks it does not act on. */
export const EMPTY_TWIML = messageTwiml('');

/** A problem+json answer to a Twilio webhook. */
export interface TwilioWebhookProblem {
  status: number;
  slug: string;
  title: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

/** A webhook's own work once the request is known to be Twilio's: the TwiML to answer with, or a problem. */
export type TwilioWebhookHandler = (form: Record<string, string>) => Promise<string | TwilioWebhookProblem>;

/**
 * What every Twilio webhook does before and after its own work: count the request against its
 * address's rate limit, read the posted form (at most 1 MB), check the X-Twilio-Signature against
 * the workspace's auth token, remove NULs from the form (Postgres cannot store them; the message
 * must not be lost), then write the handler's TwiML with a 200, or a problem. The signature is
 * the authentication: nothing is read or stored before it checks out.
 *
 * The webhooks (SMS, delivery status, and every turn of a phone survey) are answered on the Node
 * HTTP server ahead of Express and Nest: they are the hottest inbound path (every customer reply,
 * two or three delivery callbacks per text, a request per question on a call) and need none of
 * the framework's per-request work (routing, query and body parsers, guards, pipes), which
 * measured as a fifth of the service's CPU here.
 */
@Injectable()
export class TwilioWebhookGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: TwilioAccountsService,
    private readonly limits: HttpLimits,
  ) {}

  async answer(
    req: IncomingMessage,
    res: ServerResponse,
    hook: TwilioHook,
    handle: TwilioWebhookHandler,
  ): Promise<void> {
    const { workspaceId } = hook;
    try {
      // Per address, before any work: Twilio's own traffic stays far below it; a flood does not.
      const verdict = await this.limits.forClient('twilio', req);
      HttpLimits.announce(res, verdict);
      if (!verdict.allowed) return sendProblem(res, req, toProblemBody(quotaExceeded(verdict)));
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
      // Our webhook URLs never carry a NUL (only `%00` can make one): a query with one is not one we issued.
      const nul = req.url?.includes('%00') ? [...hook.query].find(([k, v]) => (k + v).includes('\u0000')) : undefined;
      if (nul)
        return problem(req, res, {
          status: 400,
          slug: 'bad-request',
          title: 'Bad request',
          detail: 'A query parameter holds a NUL character (U+0000).',
          errors: [{ path: nul[0].replaceAll('\u0000', '\ufffd'), message: 'Contains a NUL character (U+0000)' }],
        });
      // After the check, which covers the form as Twilio signed it.
      const reply = await handle(withoutNul(body));
      if (typeof reply === 'object') return problem(req, res, reply);
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(reply);
    } catch (err) {
      // Twilio retries on 5xx; the MessageSid makes that safe. A database outage says so (503).
      if (isUnreachable(err)) return sendProblem(res, req, toProblemBody(err));
      problem(req, res, {
        status: 500,
        slug: 'error',
        title: 'Internal Server Error',
        detail: 'Something went wrong on our side.',
      });
    }
  }
}

/** The form Twilio posts, as flat fields; a problem for a body that is too large or not a form. */
function readForm(req: IncomingMessage): Promise<{ form: Record<string, string> } | { problem: TwilioWebhookProblem }> {
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

function problem(req: IncomingMessage, res: ServerResponse, p: TwilioWebhookProblem): void {
  sendProblem(res, req, {
    type: PROBLEM_TYPE_BASE + p.slug,
    title: p.title,
    status: p.status,
    detail: p.detail,
    errors: p.errors,
  });
}
