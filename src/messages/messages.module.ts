import { Global, Module } from '@nestjs/common';

import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail } from '../channels/channel-adapter';
import { SIGN_IN_MAILER } from '../workspaces/sign-in-mailer';
import { EmailSignInMailer } from './sign-in.mailer';
import { SurveyCallComposer } from './survey-call.composer';
import { SurveyEmailComposer } from './survey-email.composer';
import { SurveySmsComposer } from './survey-sms.composer';

/**
 * The invitation composers, for every module that sends, previews or sizes an invitation
 * (campaigns, invitations), and the sign-in email that workspaces ask for through
 * SIGN_IN_MAILER. Global like the channel adapters they hand their messages to.
 */
@Global()
@Module({
  providers: [
    SurveyEmailComposer,
    SurveySmsComposer,
    SurveyCallComposer,
    {
      provide: SIGN_IN_MAILER,
      inject: [EMAIL_ADAPTER],
      useFactory: (email: ChannelAdapter<OutboundEmail>) => new EmailSignInMailer(email),
    },
  ],
  exports: [SurveyEmailComposer, SurveySmsComposer, SurveyCallComposer, SIGN_IN_MAILER],
})
export class MessagesModule {}
