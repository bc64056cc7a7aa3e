import type { TwilioAccount } from './twilio/twilio-accounts.service';

/** A survey email, rendered and addressed; the adapter only delivers it. */
export interface OutboundEmail {
  channel: 'email';
  /** Null for staff email that is not a survey (alert notifications, the weekly digest). */
  invitationId: string | null;
  to: string;
  /** The display name for From when EMAIL_FROM has none of its own (survey emails: the workspace's sender name). */
  fromName?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Deterministic per invitation step, so a resend after a crash carries the same Message-ID. */
  messageId: string;
  /** Pictures the HTML shows as `<img src="cid:<cid>">` (the digest's trend), sent as inline MIME parts. */
  inlineImages?: InlineImage[];
}

export interface InlineImage {
  cid: string;
  filename: string;
  contentType: 'image/png';
  content: Buffer;
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

/** A survey call: who to ring, from which number, and where Twilio fetches the IVR's TwiML. */
export interface OutboundCall {
  channel: 'voice';
  invitationId: string;
  to: string;
  account: Pick<TwilioAccount, 'accountSid' | 'authToken' | 'apiBaseUrl'> & { callerId: string };
  /** The TwiML URL tied to the invitation's token. */
  url: string;
  /** Twilio posts the call's progress here (initiated, ringing, answered, completed, busy, no-answer, failed, canceled). */
  statusCallback: string;
  /** Answering-machine detection: Twilio waits for the verdict before fetching `url` and passes `AnsweredBy`. */
  machineDetection: boolean;
}

/** Every message a channel adapter can deliver. */
export type OutboundSurvey = OutboundEmail | OutboundSms | OutboundCall;

/** What a sender can ask of one send beyond the message itself. */
export interface SendOptions {
  /**
   * Runs once, just before the provider can hold the message (SMTP: before the final dot of
   * DATA), and the send waits for it. A rejection aborts the send before that point, so the
   * provider never gets the message; the send then rejects with that error.
   */
  beforeHandover?: () => Promise<void>;
}

export interface ChannelAdapter<M extends OutboundSurvey = OutboundSurvey> {
  send(message: M, options?: SendOptions): Promise<{ providerMessageId: string }>;
  /** Releases pooled connections at shutdown (adapters that hold none have no close). */
  close?(): void;
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

/**
 * The provider cannot be reached or will not talk (connection refused or cut, no greeting, a step
 * past its deadline, 421), and the message was not handed over: nothing is wrong with the message.
 * Retry after `retryAfterMs` without spending an attempt, and hold back the queue meanwhile.
 */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * The message was handed over (SMTP: the final dot was sent) and the provider's answer never came:
 * it may or may not hold the message. Resending risks a duplicate, not resending a loss; the
 * sender's policy decides (EMAIL_UNCERTAIN_DELIVERY).
 */
export class UncertainDeliveryError extends Error {}

/** Nest token for the email adapter in use (SMTP or the dev outbox). */
export const EMAIL_ADAPTER = Symbol('EMAIL_ADAPTER');
/** Nest token for the SMS adapter (the twilio SDK, against Twilio or a simulator). */
export const SMS_ADAPTER = Symbol('SMS_ADAPTER');
/** Nest token for the voice adapter (the twilio SDK's Calls API). */
export const VOICE_ADAPTER = Symbol('VOICE_ADAPTER');

/** A voice adapter can also tell whether a cut-off attempt placed its call (Twilio has no idempotency key). */
export interface VoiceChannelAdapter extends ChannelAdapter<OutboundCall> {
  findPlaced(call: OutboundCall, attemptStartedAt: Date): Promise<string | null>;
}
