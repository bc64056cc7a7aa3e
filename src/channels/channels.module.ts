import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { QueueService } from '../queue/queue.service';
import {
  ChannelAdapter,
  EMAIL_ADAPTER,
  OutboundEmail,
  OutboundSms,
  SMS_ADAPTER,
  VOICE_ADAPTER,
  VoiceChannelAdapter,
} from './channel-adapter';
import { ChannelMetrics } from './channel-metrics';
import { DevOutboxController } from './dev/dev-outbox.controller';
import { DevOutboxRepository } from './dev/dev-outbox.repository';
import { createDevTwilioSimulator, DEV_TWILIO_SIMULATOR } from './dev/dev-twilio';
import { createEmailAdapter } from './email/email-adapter.factory';
import { SenderRateLimiter } from './twilio/sender-rate-limiter';
import { SmsReconciler } from './twilio/sms-reconciler';
import { TwilioAccountsRepository } from './twilio/twilio-accounts.repository';
import { TwilioAccountsService } from './twilio/twilio-accounts.service';
import { TwilioClients } from './twilio/twilio-clients';
import { TwilioSettingsController } from './twilio/twilio-settings.controller';
import { TwilioSmsAdapter } from './twilio/twilio-sms.adapter';
import { TwilioVoiceAdapter } from './twilio/twilio-voice.adapter';
import { TwilioWebhookGate } from './twilio/twilio-webhooks';

@Global()
@Module({
  controllers: [DevOutboxController, TwilioSettingsController],
  providers: [
    TwilioAccountsRepository,
    TwilioAccountsService,
    TwilioWebhookGate,
    DevOutboxRepository,
    SmsReconciler,
    ChannelMetrics,
    {
      provide: TwilioClients,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new TwilioClients(config.twilioTimeoutMs),
    },
    {
      provide: EMAIL_ADAPTER,
      inject: [APP_CONFIG, DevOutboxRepository, ChannelMetrics],
      useFactory: (config: AppConfig, outbox: DevOutboxRepository, metrics: ChannelMetrics) =>
        metrics.meter('email', createEmailAdapter(config, outbox)),
    },
    {
      provide: DEV_TWILIO_SIMULATOR,
      inject: [APP_CONFIG, DevOutboxRepository, LOGGER],
      useFactory: (config: AppConfig, outbox: DevOutboxRepository, log: Logger) =>
        createDevTwilioSimulator(config, outbox, log),
    },
    {
      provide: SMS_ADAPTER,
      inject: [TwilioClients, ChannelMetrics],
      useFactory: (clients: TwilioClients, metrics: ChannelMetrics): ChannelAdapter<OutboundSms> =>
        metrics.meter('sms', new TwilioSmsAdapter(clients)),
    },
    {
      provide: VOICE_ADAPTER,
      inject: [TwilioClients, ChannelMetrics],
      useFactory: (clients: TwilioClients, metrics: ChannelMetrics): VoiceChannelAdapter =>
        metrics.meter('voice', new TwilioVoiceAdapter(clients)),
    },
    {
      provide: SenderRateLimiter,
      inject: [QueueService, APP_CONFIG],
      useFactory: (queue: QueueService, config: AppConfig) =>
        new SenderRateLimiter(queue.connection, config.queuePrefix),
    },
  ],
  exports: [
    TwilioWebhookGate,
    VOICE_ADAPTER,
    TwilioAccountsService,
    TwilioClients,
    SmsReconciler,
    SenderRateLimiter,
    EMAIL_ADAPTER,
    SMS_ADAPTER,
    DEV_TWILIO_SIMULATOR,
  ],
})
export class ChannelsModule implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>) {}

  onApplicationShutdown(): void {
    this.email.close?.();
  }
}
