import { ChannelAdapter, OutboundEmail } from '../channels/channel-adapter';
import type { SignInEmail, SignInMailer } from '../workspaces/sign-in-mailer';
import { renderSignInEmail } from './sign-in-email.template';

/**
 * Sends sign-in and invitation emails through the email adapter surveys use: SMTP_URL when set,
 * else the dev outbox (/dev/outbox), so a zero-config run can sign in too.
 */
export class EmailSignInMailer implements SignInMailer {
  constructor(private readonly email: ChannelAdapter<OutboundEmail>) {}

  async send(email: SignInEmail): Promise<void> {
    const { subject, html, text } = renderSignInEmail(email);
    await this.email.send({
      channel: 'email',
      invitationId: null,
      to: email.to,
      subject,
      html,
      text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Palaute-Sign-In': email.purpose },
      messageId: email.messageId,
    });
  }
}
