/**
 * What Twilio's error codes mean for us, whether they come back from the Messages API or in a
 * delivery callback. One list, so the send path and the callbacks never disagree.
 */

/** No retry can fix these: invalid, unreachable or landline number, blocked region. */
export const PERMANENT_TWILIO_CODES: ReadonlySet<number> = new Set([
  21211, 21212, 21214, 21217, 21219, 21401, 21407, 21408, 21421, 21606, 21608, 21612, 21614, 21660, 30004, 30006, 30007,
]);

/** Carrier hiccups worth another try (the policy issue decides when). */
export const TRANSIENT_TWILIO_CODES: ReadonlySet<number> = new Set([30001, 30002, 30003, 30005, 30008, 30009, 30010]);

/** 21610: the recipient replied STOP to this sender; Twilio itself blocks further messages. */
export const TWILIO_UNSUBSCRIBED = 21610;
