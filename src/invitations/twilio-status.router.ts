import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable } from '@nestjs/common';

import { messageTwiml } from '../channels/twilio/twilio-signature';
import {
  EMPTY_TWIML,
  matchTwilioHook,
  type TwilioHook,
  TwilioWebhookGate,
  type TwilioWebhookProblem,
} from '../channels/twilio/twilio-webhooks';
import { isUuid } from '../common/id.pipe';
import { CallStatusService } from './call-status.service';
import { DeliveryStatusService } from './delivery-status.service';

/** The webhooks this router answers. */
type StatusHook = TwilioHook & { kind: 'sms-status' | 'voice-status' };

function isStatusHook(hook: TwilioHook | null): hook is StatusHook {
  return hook?.kind === 'sms-status' || hook?.kind === 'voice-status';
}

/**
 * Twilio's status callbacks of what invitations sent: SMS delivery status and survey-call
 * progress. Answered ahead of Express like the conversation's webhooks (see bootstrap.ts and
 * channels/twilio/twilio-webhooks.ts), through the same signature check.
 */
@Injectable()
export class TwilioStatusRouter {
  constructor(
    private readonly gate: TwilioWebhookGate,
    private readonly delivery: DeliveryStatusService,
    private readonly callStatus: CallStatusService,
  ) {}

  /** Handles the request when it is one of ours and returns true; anything else is left to the caller. */
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
    const hook = matchTwilioHook(req);
    if (!isStatusHook(hook)) return false;
    void this.gate.answer(req, res, hook, (body) => this.dispatch(hook, body));
    return true;
  }

  /** The TwiML document to answer with, or a problem. */
  private async dispatch(hook: StatusHook, body: Record<string, string>): Promise<string | TwilioWebhookProblem> {
    switch (hook.kind) {
      case 'sms-status': {
        const reply = await this.onStatus(hook.workspaceId, body, hook.query);
        return typeof reply === 'string' ? messageTwiml(reply) : reply;
      }
      case 'voice-status': {
        if (!body.CallSid || !body.CallStatus) {
          return {
            status: 400,
            slug: 'bad-request',
            title: 'Bad request',
            detail: 'CallSid and CallStatus are required.',
            errors: [{ path: 'CallStatus', message: 'Required' }],
          };
        }
        const codes = readCodes(body, ['ErrorCode', 'SipResponseCode']);
        if ('problem' in codes) return codes.problem;
        await this.callStatus.record({
          workspaceId: hook.workspaceId,
          token: hook.token,
          callSid: body.CallSid,
          status: body.CallStatus,
          answeredBy: body.AnsweredBy || undefined,
          errorCode: codes.ErrorCode,
          sipCode: codes.SipResponseCode,
          from: body.From || undefined,
        });
        return EMPTY_TWIML;
      }
    }
  }

  private async onStatus(
    workspaceId: string,
    p: Record<string, string>,
    query: URLSearchParams,
  ): Promise<string | TwilioWebhookProblem> {
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
    const codes = readCodes(p, ['ErrorCode']);
    if ('problem' in codes) return codes.problem;
    const invitation = query.get('invitation');
    await this.delivery.record({
      workspaceId,
      invitationId: isUuid(invitation) ? invitation : undefined,
      messageSid: p.MessageSid,
      status,
      errorCode: codes.ErrorCode,
      from: p.From || undefined,
    });
    return '';
  }
}

/** Twilio's error and SIP codes are whole numbers of at most 9 digits (they are stored as int). */
const CODE = /^\d{1,9}$/;

/**
 * The numeric codes of a callback, absent when empty; a 400 naming the field when one is not a
 * code, rather than a NaN the database refuses (a 500 that Twilio would retry for nothing).
 */
function readCodes<K extends string>(
  form: Record<string, string>,
  fields: K[],
): Partial<Record<K, number>> | { problem: TwilioWebhookProblem } {
  const codes: Partial<Record<K, number>> = {};
  const bad = fields.filter((field) => form[field] && !CODE.test(form[field].trim()));
  if (bad.length)
    return {
      problem: {
        status: 400,
        slug: 'bad-request',
        title: 'Bad request',
        detail: 'Twilio error and SIP codes are whole numbers.',
        errors: bad.map((path) => ({ path, message: 'Expected a whole number of at most 9 digits' })),
      },
    };
  for (const field of fields) if (form[field]) codes[field] = Number(form[field].trim());
  return codes;
}
