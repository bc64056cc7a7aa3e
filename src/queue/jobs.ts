/**
 * Every job the service runs, in one union. Payloads carry ids only: Redis keeps job data in
 * clear text, and it must not hold names, addresses or numbers that an erasure request removes.
 */
export type PalauteJob =
  | { name: 'invitation.send'; data: { invitationId: string; step: number } }
  /** After an SMS opt-out: cancel the contact's scheduled SMS invitations. */
  | { name: 'contact.sms-opted-out'; data: { contactId: string } }
  /** A reminder falls due: send step `step` again to someone who has not answered. */
  | { name: 'invitation.remind'; data: { invitationId: string; step: number } };

export type JobName = PalauteJob['name'];

/** Email sends and housekeeping share one queue; job names route to processors. */
export const DISPATCH_QUEUE = 'dispatch';
/**
 * SMS sends have their own queue, so a Twilio 429 (which pauses it through BullMQ's rate limiter)
 * never holds back email.
 */
export const SMS_QUEUE = 'sms';
/** Calls too: a Twilio 429 on calls pauses only calls, and a deferred call waits without holding a send slot. */
export const VOICE_QUEUE = 'voice';

export const queueForChannel = (channel: string) =>
  channel === 'sms' ? SMS_QUEUE : channel === 'voice' ? VOICE_QUEUE : DISPATCH_QUEUE;

/** Deterministic, so enqueueing the same send twice (a retry, the recovery sweep) adds one job. */
export const sendJobId = (invitationId: string, step: number) => `send-${invitationId}-${step}`;
