import { Module } from '@nestjs/common';

import { ContactsModule } from '../contacts/contacts.module';
import { SurveysModule } from '../surveys/surveys.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CallStatusService } from './call-status.service';
import { DeliveryStatusService } from './delivery-status.service';
import { EmailHandover } from './email-handover';
import { FallbackService } from './fallback.service';
import { InvitationDeliveryRepository } from './invitation-delivery.repository';
import { InvitationSendsRepository } from './invitation-sends.repository';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { RecoverInvitationsProcessor } from './recover-invitations.processor';
import { SendInvitationProcessor } from './send-invitation.processor';
import { SendQueueConsumer } from './send-queue.consumer';

@Module({
  imports: [ContactsModule, SurveysModule, WorkspacesModule],
  controllers: [InvitationsController],
  providers: [
    InvitationsService,
    SendInvitationProcessor,
    EmailHandover,
    SendQueueConsumer,
    RecoverInvitationsProcessor,
    DeliveryStatusService,
    CallStatusService,
    FallbackService,
    InvitationsRepository,
    InvitationSendsRepository,
    InvitationDeliveryRepository,
  ],
  exports: [InvitationsService, DeliveryStatusService, CallStatusService],
})
export class InvitationsModule {}
