/**
 * Every job the service runs, in one union. Payloads carry ids only: Redis keeps job data in
 * clear text, and it must not hold names, addresses or numbers that an erasure request removes.
 */
export type PalauteJob = { name: 'invitation.send'; data: { invitationId: string; step: number } };

export type JobName = PalauteJob['name'];

/** All dispatch work shares one queue; job names route to processors. */
export const DISPATCH_QUEUE = 'dispatch';

/** Deterministic, so enqueueing the same send twice (a retry, the recovery sweep) adds one job. */
export const sendJobId = (invitationId: string, step: number) => `send-${invitationId}-${step}`;
