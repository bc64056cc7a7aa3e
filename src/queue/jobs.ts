/**
 * The id of the HTTP request that caused a job (`x-request-id`), so the worker's log lines for the
 * job carry it too; absent for jobs no request caused (the recovery sweep, periodic work).
 */
export interface Caused {
  requestId?: string;
}

/**
 * Every job the service runs, in one union. Payloads carry ids only: Redis keeps job data in
 * clear text, and it must not hold names, addresses or numbers that an erasure request removes.
 */
export type PalauteJob =
  | { name: 'invitation.send'; data: { invitationId: string; step: number } & Caused }
  /** After an SMS opt-out: cancel the contact's scheduled SMS invitations. */
  | { name: 'contact.sms-opted-out'; data: { contactId: string } & Caused }
  /** A reminder falls due: send step `step` again to someone who has not answered. */
  | { name: 'invitation.remind'; data: { invitationId: string; step: number } & Caused }
  /** Periodic work (see PERIODIC_JOBS): no payload, the processor finds its own rows. */
  | { name: PeriodicJobName; data: Record<string, never> };

export type JobName = PalauteJob['name'];

/**
 * Periodic work, each run by a BullMQ job scheduler on a queue of its own whose global
 * concurrency is one: however many workers run, one run at a time, and a slow run delays the
 * next instead of overlapping it. What each one does is said where it is registered.
 */
export const PERIODIC_JOBS = [
  'invitations.recover',
  'campaigns.relationship-runs',
  'scoring.fold-rollups',
  'alerts.follow-up',
  'webhooks.poll',
] as const;

export type PeriodicJobName = (typeof PERIODIC_JOBS)[number];

/** Email sends and housekeeping share one queue; job names route to processors. */
export const DISPATCH_QUEUE = 'dispatch';
/**
 * SMS sends have their own queue, so a Twilio 429 (which pauses it through BullMQ's rate limiter)
 * never holds back email.
 */
export const SMS_QUEUE = 'sms';
/** Calls too: a Twilio 429 on calls pauses only calls, and a deferred call waits without holding a send slot. */
export const VOICE_QUEUE = 'voice';

/** The queues that carry invitation sends and their follow-ups. */
export type SendQueueName = typeof DISPATCH_QUEUE | typeof SMS_QUEUE | typeof VOICE_QUEUE;

/** A periodic job's queue: `periodic.<job name>` (BullMQ queue names may not hold `:`). */
export const periodicQueueName = (job: PeriodicJobName) => `periodic.${job}`;

export const queueForChannel = (channel: string): SendQueueName =>
  channel === 'sms' ? SMS_QUEUE : channel === 'voice' ? VOICE_QUEUE : DISPATCH_QUEUE;

/** Deterministic, so enqueueing the same send twice (a retry, the recovery sweep) adds one job. */
export const sendJobId = (invitationId: string, step: number) => `send-${invitationId}-${step}`;
