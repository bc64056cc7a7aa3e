/** The ways a survey reaches a contact, in the order campaigns list them by default. */
export const CHANNELS = ['email', 'sms', 'voice'] as const;

/** One way a survey reaches a contact. */
export type Channel = (typeof CHANNELS)[number];
