import { Module } from '@nestjs/common';

import { ScoringModule } from '../scoring/scoring.module';
import { SurveysModule } from '../surveys/surveys.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AlertNotifier } from './alert-notifier';
import { AlertSettingsController, CampaignAlertRulesController } from './alert-settings.controller';
import { AlertSettingsService } from './alert-settings.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { AlertsWorker } from './alerts.worker';
import { DigestController } from './digest/digest.controller';
import { DigestService } from './digest/digest.service';
import { FollowUpProcessor } from './follow-up.processor';
import { PromoterLinksController } from './promoter-links.controller';
import { PromoterLinksService } from './promoter-links.service';

@Module({
  imports: [SurveysModule, ScoringModule, WebhooksModule],
  controllers: [
    AlertsController,
    CampaignAlertRulesController,
    AlertSettingsController,
    PromoterLinksController,
    DigestController,
  ],
  providers: [
    AlertSettingsService,
    AlertsService,
    FollowUpProcessor,
    AlertNotifier,
    DigestService,
    PromoterLinksService,
    AlertsWorker,
  ],
  exports: [PromoterLinksService],
})
export class AlertsModule {}
