import { Global, Module } from '@nestjs/common';

import { SurveyCallComposer } from './survey-call.composer';
import { SurveyEmailComposer } from './survey-email.composer';
import { SurveySmsComposer } from './survey-sms.composer';

/**
 * The invitation composers, for every module that sends, previews or sizes an invitation
 * (campaigns, invitations). Global like the channel adapters they hand their messages to.
 */
@Global()
@Module({
  providers: [SurveyEmailComposer, SurveySmsComposer, SurveyCallComposer],
  exports: [SurveyEmailComposer, SurveySmsComposer, SurveyCallComposer],
})
export class MessagesModule {}
