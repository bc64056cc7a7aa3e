/** A survey email, rendered and addressed; the adapter only delivers it. */
export interface OutboundEmail {
  channel: 'email';
  invitationId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Deterministic per invitation step, so a resend after a crash carries the same Message-ID. */
  messageId: string;
}

/** Every message a channel adapter can deliver; SMS and voice join this union. */
export type OutboundSurvey = OutboundEmail;

export interface ChannelAdapter<M extends OutboundSurvey = OutboundSurvey> {
  send(message: M): Promise<{ providerMessageId: string }>;
}

/** The provider refused for good (hard bounce, invalid address): retrying cannot help. */
export class PermanentSendError extends Error {}

/** Nest token for the email adapter in use (SMTP or the dev outbox). */
export const EMAIL_ADAPTER = Symbol('EMAIL_ADAPTER');
