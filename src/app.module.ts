import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';

import { AlertsModule } from './alerts/alerts.module';
import { ResponseAlertsModule } from './alerts/response-alerts.module';
import { ThankYouOffersModule } from './alerts/thank-you-offers.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ChannelsModule } from './channels/channels.module';
import { Clock, SystemClock } from './common/clock';
import { LOGGER } from './common/logger';
import { Metrics } from './common/metrics';
import { APP_CONFIG, AppConfig } from './config/config';
import { ContactsModule } from './contacts/contacts.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { MetricsServer } from './health/metrics-server';
import { InvitationCallbacksModule } from './invitations/invitation-callbacks.module';
import { InvitationsModule } from './invitations/invitations.module';
import { LimitsModule } from './limits/limits.module';
import { MessagesModule } from './messages/messages.module';
import { QueueModule } from './queue/queue.module';
import { RepliesModule } from './replies/replies.module';
import { ResponsesModule } from './responses/responses.module';
import { ResponseThemesModule } from './scoring/response-themes.module';
import { ScoringModule } from './scoring/scoring.module';
import { SurveysModule } from './surveys/surveys.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

/** Process-wide values the app is built around: config, logger and clock (tests swap the clock). */
@Module({})
class CoreModule {
  static with(config: AppConfig, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
        { provide: Metrics, useValue: new Metrics() },
      ],
      exports: [APP_CONFIG, LOGGER, Clock, Metrics],
    };
  }
}

@Module({})
export class AppModule {
  static with(config: AppConfig, logger: Logger, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, logger, clock),
        DatabaseModule,
        QueueModule,
        LimitsModule,
        ChannelsModule,
        MessagesModule,
        WorkspacesModule,
        ContactsModule,
        SurveysModule,
        CampaignsModule,
        InvitationsModule,
        InvitationCallbacksModule,
        EventsModule,
        ResponsesModule,
        RepliesModule,
        ScoringModule,
        ResponseThemesModule,
        AlertsModule,
        ThankYouOffersModule,
        ResponseAlertsModule,
        WebhooksModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [MetricsServer],
    };
  }
}
