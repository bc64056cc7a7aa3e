import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, } from '../config/config';
import { Sql } from '../database/sql';
import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail } from './channel-adapter';
import { DevOutboxAdapter } from './dev/dev-outbox.adapter';
import { DevOutboxController } from './dev/dev-outbox.controller';
import { SmtpEmailAdapter } from './email/smtp-email.adapter';
import { SurveyEmailComposer } from './email/survey-email.composer';

@Global()
@Module({
  controllers: [DevOutboxController],
  providers: [
    SurveyEmailComposer,
    {
      provide: EMAIL_ADAPTER,
      inject: [APP_CONFIG, Sql],
      useFactory: (config: AppConfig, db: Sql): ChannelAdapter<OutboundEmail> =>
        config.smtpUrl ? new SmtpEmailAdapter(config.smtpUrl, config.emailFrom, config.smtpMaxConnections) : new DevOutboxAdapter(db),
    },
  ],
  exports: [SurveyEmailComposer, EMAIL_ADAPTER],
})
export class ChannelsModule implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>) {}

  onApplicationShutdown(): void {
    if (this.email instanceof SmtpEmailAdapter) this.email.close();
  }
}
