/**
 * Twilio's message states in the order they can happen. Callbacks arrive out of order (a late
 * `sent` after `delivered`), so a state only replaces one of lower rank.
 */
export const MESSAGE_STATUS_RANK: Readonly<Record<string, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
  canceled: 4,
};
