import { Queryable } from '../../database/sql';
import { ChannelAdapter, OutboundEmail } from '../channel-adapter';

/**
 * Stands in for SMTP when SMTP_URL is unset: the message lands in the dev_outbox table, viewable at
 * /dev/outbox. Keyed by Message-ID, so a resend after a crash stores it once.
 */
export class DevOutboxAdapter implements ChannelAdapter<OutboundEmail> {
  constructor(private readonly db: Queryable) {}

  async send(message: OutboundEmail): Promise<{ providerMessageId: string }> {
    await this.db.query(
      `INSERT INTO dev_outbox (invitation_id, message_id, channel, to_address, subject, html, text, headers)
       VALUES ($1, $2, 'email', $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
      [
        message.invitationId,
        message.messageId,
        message.to,
        message.subject,
        message.html,
        message.text,
        JSON.stringify(message.headers),
      ],
    );
    return { providerMessageId: message.messageId };
  }
}
