import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { ScoringModule } from '../scoring/scoring.module';
import { SurveysModule } from '../surveys/surveys.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AlertEventsRepository } from './alert-events.repository';
import { AlertLinksRepository } from './alert-links.repository';
import { AlertNotificationsRepository } from './alert-notifications.repository';
import { AlertNotifier } from './alert-notifier';
import { AlertSettingsController, CampaignAlertRulesController } from './alert-settings.controller';
import { AlertSettingsRepository } from './alert-settings.repository';
import { AlertSettingsService } from './alert-settings.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertsFollowUpProcessor } from './alerts-follow-up.processor';
import { CampaignAlertRulesRepository } from './campaign-alert-rules.repository';
import { DigestController } from './digest/digest.controller';
import { DigestService } from './digest/digest.service';
import { DigestRunsRepository } from './digest/digest-runs.repository';
import { InboxLiveController } from './inbox-live.controller';
import { InboxLiveRepository } from './inbox-live.repository';
import { InboxLiveService } from './inbox-live.service';
import { PromoterLinksController } from './promoter-links.controller';
import { PromoterLinksRepository } from './promoter-links.repository';
import { PromoterLinksService } from './promoter-links.service';
import { ResponseAlertsService } from './response-alerts.service';
import { ResponseFollowUpService } from './response-follow-up.service';
import { ResponseFollowUpsRepository } from './response-followups.repository';

@Module({
  imports: [SurveysModule, CampaignsModule, ScoringModule, WebhooksModule],
  controllers: [
    AlertsController,
    CampaignAlertRulesController,
    AlertSettingsController,
    PromoterLinksController,
    DigestController,
    InboxLiveController,
  ],
  providers: [
    AlertSettingsRepository,
    CampaignAlertRulesRepository,
    AlertsRepository,
    AlertEventsRepository,
    AlertLinksRepository,
    AlertNotificationsRepository,
    ResponseFollowUpsRepository,
    DigestRunsRepository,
    PromoterLinksRepository,
    AlertSettingsService,
    AlertsService,
    ResponseFollowUpService,
    AlertNotifier,
    DigestService,
    PromoterLinksService,
    AlertsFollowUpProcessor,
    ResponseAlertsService,
    InboxLiveRepository,
    InboxLiveService,
  ],
  exports: [PromoterLinksService, ResponseAlertsService],
})
export class AlertsModule {}
