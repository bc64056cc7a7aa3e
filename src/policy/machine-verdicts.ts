/**
 * Where the phone survey reports that a survey call reached an answering machine, as soon as the
 * call's first request says so and before Twilio's final status arrives: the conversation
 * (replies) hears it, the invitation's call outcome (invitations) records it.
 */
export interface MachineVerdicts {
  /** Records the verdict on the invitation; `answeredBy` is the provider's answer, e.g. `machine_start`. */
  markMachine(invitationId: string, answeredBy: string): Promise<void>;
}

/** Injection token of {@link MachineVerdicts}. */
export const MACHINE_VERDICTS = Symbol('MACHINE_VERDICTS');
