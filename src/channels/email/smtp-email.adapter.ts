import nodemailer, { Transporter } from 'nodemailer';
import { ChannelAdapter, OutboundEmail, PermanentSendError } from '../channel-adapter';

/** Delivers through SMTP with pooled connections (one transporter per process, created once). */
export class SmtpEmailAdapter implements ChannelAdapter<OutboundEmail> {
  private readonly transporter: Transporter;

  constructor(smtpUrl: string, private readonly from: string, maxConnections: number) {
    this.transporter = nodemailer.createTransport(smtpUrl, { pool: true, maxConnections, maxMessages: Infinity } as object);
  }

  async send(message: OutboundEmail): Promise<{ providerMessageId: string }> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        messageId: message.messageId,
      });
      return { providerMessageId: info.messageId };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx is the server's final word on this message (unknown mailbox, rejected content).
      if (code && code >= 500 && code < 600) throw new PermanentSendError(`SMTP ${code}: ${(err as Error).message}`);
      throw err;
    }
  }

  close(): void {
    this.transporter.close();
  }
}
