import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { InvitationWorker } from './invitation-worker';
import { InvitationsService } from './invitations.service';
import { SendInvitationProcessor } from './send-invitation.processor';

@Module({
  imports: [SurveysModule],
  providers: [InvitationsService, SendInvitationProcessor, InvitationWorker],
  exports: [InvitationsService],
})
export class InvitationsModule {}
