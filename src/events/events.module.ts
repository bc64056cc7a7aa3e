import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AudienceRepository } from './audience.repository';
import { DecisionLogController } from './decision-log.controller';
import { DedupeGuard } from './dedupe-guard';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { FatigueGuard } from './fatigue-guard';
import { RelationshipRunsProcessor } from './relationship-runs.processor';
import { ThrottleGuard } from './throttle-guard';

@Module({
  imports: [ContactsModule, CampaignsModule, InvitationsModule],
  controllers: [EventsController, DecisionLogController],
  providers: [EventsService, FatigueGuard, DedupeGuard, ThrottleGuard, RelationshipRunsProcessor, AudienceRepository],
})
export class EventsModule {}
