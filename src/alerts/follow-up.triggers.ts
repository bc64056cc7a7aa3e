import type { DatabaseTrigger } from '../database/database-trigger';

const WHY =
  'every response reaches the alert rules once, whichever reply path wrote it (page, SMS, voice), in the same transaction as the response';

/**
 * The follow-up queue: a new response (due at once when complete, after an hour of quiet when
 * partial) and a response that completes enter `response_followups`, which the
 * `alerts.follow-up` job drains into alerts and webhooks.
 */
export const FOLLOW_UP_TRIGGERS: readonly DatabaseTrigger[] = [
  {
    name: 'responses_followup_insert',
    on: 'responses',
    fn: 'palaute_followup_inserted',
    feeds: 'response_followups',
    why: WHY,
  },
  {
    name: 'responses_followup_complete',
    on: 'responses',
    fn: 'palaute_followup_completed',
    feeds: 'response_followups',
    why: WHY,
  },
];
