import { Module } from '@nestjs/common';

import { ScoringModule } from '../scoring/scoring.module';
import { SurveysModule } from '../surveys/surveys.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AlertNotifier } from './alert-notifier';
import { AlertSettingsController, CampaignAlertRulesController } from './alert-settings.controller';
import { AlertSettingsService } from './alert-settings.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { AlertsFollowUpProcessor } from './alerts-follow-up.processor';
import { DigestController } from './digest/digest.controller';
import { DigestService } from './digest/digest.service';
import { PromoterLinksController } from './promoter-links.controller';
import { PromoterLinksService } from './promoter-links.service';
import { ResponseFollowUpService } from './response-follow-up.service';

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
    ResponseFollowUpService,
    AlertNotifier,
    DigestService,
    PromoterLinksService,
    AlertsFollowUpProcessor,
  ],
  exports: [PromoterLinksService],
})
export class AlertsModule {}
