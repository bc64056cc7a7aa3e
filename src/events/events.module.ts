import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AudienceRepository } from './audience.repository';
import { CampaignDryRunController } from './campaign-dry-run.controller';
import { CampaignDryRunService } from './campaign-dry-run.service';
import { CampaignSendCountsRepository } from './campaign-send-counts.repository';
import { DecisionLogController } from './decision-log.controller';
import { DedupeCheckLoader } from './dedupe-check';
import { DispatchFactsRepository } from './dispatch-facts.repository';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { FatigueCheckLoader } from './fatigue-check';
import { RelationshipRunsProcessor } from './relationship-runs.processor';
import { ThrottleCheck } from './throttle-check';

@Module({
  imports: [ContactsModule, CampaignsModule, InvitationsModule],
  controllers: [EventsController, DecisionLogController, CampaignDryRunController],
  providers: [
    EventsService,
    FatigueCheckLoader,
    DedupeCheckLoader,
    ThrottleCheck,
    RelationshipRunsProcessor,
    AudienceRepository,
    EventsRepository,
    CampaignDryRunService,
    DispatchFactsRepository,
    CampaignSendCountsRepository,
  ],
})
export class EventsModule {}
