import type { TwilioAccount } from './twilio/twilio-accounts.service';

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

/** A survey SMS: the text, the recipient, and the account and callback to send it with. */
export interface OutboundSms {
  channel: 'sms';
  invitationId: string;
  to: string;
  body: string;
  account: Pick<TwilioAccount, 'accountSid' | 'authToken' | 'apiBaseUrl' | 'sender'>;
  /** Twilio posts delivery progress here (sent, delivered, undelivered, failed). */
  statusCallback: string;
}

/** Every message a channel adapter can deliver; voice joins this union. */
export type OutboundSurvey = OutboundEmail | OutboundSms;

export interface ChannelAdapter<M extends OutboundSurvey = OutboundSurvey> {
  send(message: M): Promise<{ providerMessageId: string }>;
}

/** The provider refused for good (hard bounce, invalid or landline number): retrying cannot help. */
export class PermanentSendError extends Error {
  constructor(
    message: string,
    readonly details: { code?: number; optedOut?: boolean } = {},
  ) {
    super(message);
  }
}

/** The provider asked us to slow down (HTTP 429): retry later, and hold back the sender meanwhile. */
export class ProviderRateLimitedError extends Error {}

/** Nest token for the email adapter in use (SMTP or the dev outbox). */
export const EMAIL_ADAPTER = Symbol('EMAIL_ADAPTER');
/** Nest token for the SMS adapter (the twilio SDK, against Twilio or a simulator). */
export const SMS_ADAPTER = Symbol('SMS_ADAPTER');
