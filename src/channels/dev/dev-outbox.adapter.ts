import { ChannelAdapter, OutboundEmail } from '../channel-adapter';
import { DevOutboxRepository } from './dev-outbox.repository';

/** The outbox shows the email in a page: its cid: pictures become data: URLs there (a preview, never sent). */
function withImagesInline(message: OutboundEmail): string {
  let html = message.html;
  for (const image of message.inlineImages ?? [])
    html = html.split(`cid:${image.cid}`).join(`data:${image.contentType};base64,${image.content.toString('base64')}`);
  return html;
}

/**
 * Stands in for SMTP when SMTP_URL is unset: the message lands in the dev_outbox table, viewable at
 * /dev/outbox. Keyed by Message-ID, so a resend after a crash stores it once.
 */
export class DevOutboxAdapter implements ChannelAdapter<OutboundEmail> {
  constructor(private readonly outbox: DevOutboxRepository) {}

  async send(message: OutboundEmail): Promise<{ providerMessageId: string }> {
    await this.outbox.insertEmail({ ...message, html: withImagesInline(message) });
    return { providerMessageId: message.messageId };
  }
}
