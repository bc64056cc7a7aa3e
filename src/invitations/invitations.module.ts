import { Module } from '@nestjs/common';

import { ContactsModule } from '../contacts/contacts.module';
import { SurveysModule } from '../surveys/surveys.module';
import { CallStatusService } from './call-status.service';
import { DeliveryStatusService } from './delivery-status.service';
import { FallbackService } from './fallback.service';
import { InvitationWorker } from './invitation-worker';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { SendInvitationProcessor } from './send-invitation.processor';

@Module({
  imports: [ContactsModule, SurveysModule],
  controllers: [InvitationsController],
  providers: [
    InvitationsService,
    SendInvitationProcessor,
    InvitationWorker,
    DeliveryStatusService,
    CallStatusService,
    FallbackService,
  ],
  exports: [InvitationsService, DeliveryStatusService, CallStatusService],
})
export class InvitationsModule {}
