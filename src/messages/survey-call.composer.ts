import { Inject, Injectable } from '@nestjs/common';

import { OutboundCall } from '../channels/channel-adapter';
import { voiceCallUrl, voiceStatusUrl } from '../channels/twilio/voice-urls';
import { APP_CONFIG, AppConfig } from '../config/config';

export interface SurveyCallContext {
  invitationId: string;
  workspaceId: string;
  token: string;
  to: string;
  account: OutboundCall['account'];
  /** The campaign's voice options (stored JSON); machine detection is on unless turned off. */
  options: { machineDetection?: boolean } | null;
}

/** Addresses one survey call: the IVR's URL for this invitation and where its progress is reported. */
@Injectable()
export class SurveyCallComposer {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  compose(ctx: SurveyCallContext): OutboundCall {
    const url = voiceCallUrl(this.config.publicBaseUrl, ctx.workspaceId, ctx.token);
    return {
      channel: 'voice',
      invitationId: ctx.invitationId,
      to: ctx.to,
      account: ctx.account,
      url,
      statusCallback: voiceStatusUrl(url),
      machineDetection: ctx.options?.machineDetection ?? true,
    };
  }
}
