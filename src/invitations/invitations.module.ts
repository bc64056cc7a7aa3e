import { Module } from '@nestjs/common';
import { CallStatusService } from './call-status.service';
import { ContactsModule } from '../contacts/contacts.module';
import { SurveysModule } from '../surveys/surveys.module';
import { DeliveryStatusService } from './delivery-status.service';
import { InvitationWorker } from './invitation-worker';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { SendInvitationProcessor } from './send-invitation.processor';

@Module({
  imports: [ContactsModule, SurveysModule],
  controllers: [InvitationsController],
  providers: [InvitationsService, SendInvitationProcessor, InvitationWorker, DeliveryStatusService, CallStatusService],
  exports: [InvitationsService, DeliveryStatusService, CallStatusService],
})
export class InvitationsModule {}
