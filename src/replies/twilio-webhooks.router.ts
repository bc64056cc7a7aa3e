import { Injectable } from '@nestjs/common';
import express, { Request, Response } from 'express';
import { isValidTwilioSignature, messageTwiml } from '../channels/twilio/twilio-signature';
import { TwilioAccountsService } from '../channels/twilio/twilio-accounts.service';
import { isUuid } from '../common/id.pipe';
import { sendProblem } from '../common/problem.filter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DeliveryStatusService } from '../invitations/delivery-status.service';
import { Inject } from '@nestjs/common';
import { SmsInboundService } from './sms-inbound.service';

const PROBLEMS = 'https://palaute.dev/problems/';

/**
 * Twilio's webhooks, mounted on Express ahead of Nest's router: they are the hottest inbound path
 * (every customer reply) and need nothing of Nest's per-request pipeline (guards, pipes,
 * interceptors). The signature is the authentication: nothing is read or stored before it checks out.
 */
@Injectable()
export class TwilioWebhooksRouter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: TwilioAccountsService,
    private readonly inbound: SmsInboundService,
    private readonly delivery: DeliveryStatusService,
  ) {}

  router(): express.Router {
    const router = express.Router();
    router.post('/webhooks/twilio/:workspaceId/sms', (req, res) => void this.handle(req, res, () => this.onInboundSms(req, res)));
    router.post('/webhooks/twilio/:workspaceId/sms/status', (req, res) => void this.handle(req, res, () => this.onStatus(req, res)));
    return router;
  }

  private async handle(req: Request, res: Response, next: () => Promise<void>): Promise<void> {
    try {
      const workspaceId = String(req.params.workspaceId);
      const params = formParams(req.body);
      const signature = req.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || signature === '') {
        return problem(req, res, 400, 'missing-signature', 'Missing signature', 'The X-Twilio-Signature header is required.');
      }
      const account = isUuid(workspaceId) ? await this.accounts.forWorkspace(workspaceId) : null;
      if (!account) return problem(req, res, 404, 'not-found', 'Not found', 'Workspace was not found.');
      if (!isValidTwilioSignature(account.authToken, signature, this.config.publicBaseUrl + req.originalUrl, params)) {
        return problem(req, res, 403, 'bad-signature', 'Forbidden', 'The X-Twilio-Signature does not match this request.');
      }
      await next();
    } catch (err) {
      // Twilio retries on 5xx; the MessageSid makes that safe.
      sendProblem(res, req, { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: (err as Error).message });
    }
  }

  private async onInboundSms(req: Request, res: Response): Promise<void> {
    const p = formParams(req.body);
    const missing = ['MessageSid', 'From', 'To'].filter((k) => !p[k]);
    if (missing.length) {
      return problem(req, res, 400, 'bad-request', 'Bad request', 'Required Twilio parameters are missing.', missing.map((k) => ({ path: k, message: 'Required' })));
    }
    const reply = await this.inbound.receive({ workspaceId: String(req.params.workspaceId), messageSid: p.MessageSid, from: p.From, to: p.To, body: p.Body ?? '' });
    res.status(200).type('text/xml').send(messageTwiml(reply));
  }

  private async onStatus(req: Request, res: Response): Promise<void> {
    const p = formParams(req.body);
    const status = p.MessageStatus ?? p.SmsStatus;
    if (!p.MessageSid || !status) {
      return problem(req, res, 400, 'bad-request', 'Bad request', 'MessageSid and MessageStatus are required.', [{ path: 'MessageStatus', message: 'Required' }]);
    }
    const invitation = req.query.invitation;
    await this.delivery.record({
      workspaceId: String(req.params.workspaceId),
      invitationId: isUuid(invitation) ? invitation : undefined,
      messageSid: p.MessageSid,
      status,
      errorCode: p.ErrorCode ? Number(p.ErrorCode) : undefined,
      from: p.From || undefined,
    });
    res.status(200).type('text/xml').send(messageTwiml(''));
  }
}

/** Twilio posts flat form fields; anything else (a JSON body, nested keys) is not one of its requests. */
function formParams(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function problem(req: Request, res: Response, status: number, slug: string, title: string, detail: string, errors?: Array<{ path: string; message: string }>): void {
  sendProblem(res, req, { type: PROBLEMS + slug, title, status, detail, errors });
}
