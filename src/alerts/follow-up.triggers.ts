import type { DatabaseTrigger } from '../database/database-trigger';

const WHY =
  'every response reaches the alert rules once, whichever reply path wrote it (page, SMS, voice), in the same transaction as the response';

const WHY_EDITED =
  'an answer changed after its response was followed up (edited on the page, corrected by SMS, transcribed later) is judged again by the alert rules, whichever path changed it';

/**
 * The follow-up queue: a new response (due at once when complete, after an hour of quiet when
 * partial), a response that completes, and a followed-up response whose answers change enter
 * `response_followups`, which the `alerts.follow-up` job drains into alerts and webhooks.
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
  {
    name: 'answers_followup_insert',
    on: 'answers',
    fn: 'palaute_followup_answers_changed',
    feeds: 'response_followups',
    why: WHY_EDITED,
  },
  {
    name: 'answers_followup_update',
    on: 'answers',
    fn: 'palaute_followup_answers_changed',
    feeds: 'response_followups',
    why: WHY_EDITED,
  },
];
