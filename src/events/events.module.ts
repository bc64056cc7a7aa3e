import { Module } from '@nestjs/common';
import { RelationshipScheduler } from './relationship-scheduler';
import { DecisionLogController } from './decision-log.controller';
import { ThrottleGuard } from './throttle-guard';
import { DedupeGuard } from './dedupe-guard';
import { FatigueGuard } from './fatigue-guard';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [ContactsModule, CampaignsModule, InvitationsModule],
  controllers: [EventsController, DecisionLogController],
  providers: [EventsService, FatigueGuard, DedupeGuard, ThrottleGuard, RelationshipScheduler],
})
export class EventsModule {}
