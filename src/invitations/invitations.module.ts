import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { DeliveryStatusService } from './delivery-status.service';
import { InvitationWorker } from './invitation-worker';
import { InvitationsService } from './invitations.service';
import { SendInvitationProcessor } from './send-invitation.processor';

@Module({
  imports: [SurveysModule],
  providers: [InvitationsService, SendInvitationProcessor, InvitationWorker, DeliveryStatusService],
  exports: [InvitationsService, DeliveryStatusService],
})
export class InvitationsModule {}
