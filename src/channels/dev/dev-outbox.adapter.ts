import { ChannelAdapter, OutboundEmail } from '../channel-adapter';
import { DevOutboxRepository } from './dev-outbox.repository';

/**
 * Stands in for SMTP when SMTP_URL is unset: the message lands in the dev_outbox table, viewable at
 * /dev/outbox. Keyed by Message-ID, so a resend after a crash stores it once.
 */
export class DevOutboxAdapter implements ChannelAdapter<OutboundEmail> {
  constructor(private readonly outbox: DevOutboxRepository) {}

  async send(message: OutboundEmail): Promise<{ providerMessageId: string }> {
    await this.outbox.insertEmail(message);
    return { providerMessageId: message.messageId };
  }
}
