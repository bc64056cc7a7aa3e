import { Module } from '@nestjs/common';

import { ContactsModule } from '../contacts/contacts.module';
import { ResponsesModule } from '../responses/responses.module';
import { SurveysModule } from '../surveys/surveys.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { SmsInboundRepository } from './sms-inbound.repository';
import { SmsInboundService } from './sms-inbound.service';
import { SurveyPageController } from './survey-page.controller';
import { SurveyPageService } from './survey-page.service';
import { TwilioWebhooksRouter } from './twilio-webhooks.router';
import { VoiceAnswerWriter } from './voice-answer.writer';
import { VoiceCallRepository } from './voice-call.repository';
import { VoiceCallService } from './voice-call.service';

@Module({
  imports: [ContactsModule, ResponsesModule, SurveysModule, WorkspacesModule],
  controllers: [SurveyPageController],
  providers: [
    SmsInboundRepository,
    VoiceCallRepository,
    SurveyPageService,
    SmsInboundService,
    VoiceCallService,
    VoiceAnswerWriter,
    TwilioWebhooksRouter,
  ],
})
export class RepliesModule {}
