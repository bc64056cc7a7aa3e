import { AppConfig } from '../../config/config';
import { ChannelAdapter, OutboundEmail } from '../channel-adapter';
import { DevOutboxAdapter } from '../dev/dev-outbox.adapter';
import { DevOutboxRepository } from '../dev/dev-outbox.repository';
import { SmtpEmailAdapter } from './smtp-email.adapter';

/** The one mail path, for the service and the CLI alike: SMTP when SMTP_URL is set, else the dev outbox. */
export function createEmailAdapter(config: AppConfig, outbox: DevOutboxRepository): ChannelAdapter<OutboundEmail> {
  if (!config.smtpUrl) return new DevOutboxAdapter(outbox);
  return new SmtpEmailAdapter({
    url: config.smtpUrl,
    from: config.emailFrom,
    maxConnections: config.smtpMaxConnections,
    stepTimeoutMs: config.smtpTimeoutMs,
    messageTimeoutMs: config.smtpMessageTimeoutMs,
  });
}
