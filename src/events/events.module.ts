import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AudienceRepository } from './audience.repository';
import { CampaignDryRunController } from './campaign-dry-run.controller';
import { CampaignDryRunService } from './campaign-dry-run.service';
import { DecisionLogController } from './decision-log.controller';
import { DedupeGuard } from './dedupe-guard';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { FatigueGuard } from './fatigue-guard';
import { RelationshipRunsProcessor } from './relationship-runs.processor';
import { ThrottleGuard } from './throttle-guard';

@Module({
  imports: [ContactsModule, CampaignsModule, InvitationsModule],
  controllers: [EventsController, DecisionLogController, CampaignDryRunController],
  providers: [
    EventsService,
    FatigueGuard,
    DedupeGuard,
    ThrottleGuard,
    RelationshipRunsProcessor,
    AudienceRepository,
    EventsRepository,
    CampaignDryRunService,
  ],
})
export class EventsModule {}
