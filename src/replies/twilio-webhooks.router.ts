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
import { readVoiceTurn } from '../channels/twilio/voice-urls';
import { NO_INPUT_PARAM } from './ivr-script';
import { SmsInboundService } from './sms-inbound.service';
import { VoiceCallService } from './voice-call.service';

/** The webhooks this router answers. */
type ConversationHook = TwilioHook & { kind: 'sms' | 'voice' | 'voice-transcription' };

function isConversationHook(hook: TwilioHook | null): hook is ConversationHook {
  return hook?.kind === 'sms' || hook?.kind === 'voice' || hook?.kind === 'voice-transcription';
}

const NO_SUCH_CALL: TwilioWebhookProblem = {
  status: 404,
  slug: 'not-found',
  title: 'Not found',
  detail: 'No phone survey has this token in this workspace.',
};

/**
 * The conversation's Twilio webhooks: an inbound SMS, every turn of a phone survey, and the
 * transcription of a recorded answer. Delivery and call status callbacks are the invitations'
 * (invitations/twilio-status.router.ts); both are answered ahead of Express (see bootstrap.ts).
 */
@Injectable()
export class TwilioWebhooksRouter {
  constructor(
    private readonly gate: TwilioWebhookGate,
    private readonly inbound: SmsInboundService,
    private readonly voice: VoiceCallService,
  ) {}

  /** Handles the request when it is one of ours and returns true; anything else is left to the caller. */
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
    const hook = matchTwilioHook(req);
    if (!isConversationHook(hook)) return false;
    void this.gate.answer(req, res, hook, (body) => this.dispatch(hook, body));
    return true;
  }

  /** The TwiML document to answer with, or a problem. */
  private async dispatch(hook: ConversationHook, body: Record<string, string>): Promise<string | TwilioWebhookProblem> {
    switch (hook.kind) {
      case 'sms': {
        const reply = await this.onInboundSms(hook.workspaceId, body);
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
      case 'voice-transcription':
        await this.voice.transcription(hook.workspaceId, hook.token, hook.query.get('q'), body);
        return EMPTY_TWIML;
    }
  }

  private async onInboundSms(workspaceId: string, p: Record<string, string>): Promise<string | TwilioWebhookProblem> {
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
}
