import type { DatabaseTrigger } from '../../database/database-trigger';

const WHY =
  'a notification only after the change commits, for every path that writes responses or answers; the live stream re-reads the rows it names';

/** The channel the live triggers notify on, with `<campaignId>:<responseId>`. */
export const LIVE_CHANNEL = 'palaute_live';

/** The live stream: response and answer changes NOTIFY `palaute_live` with the ids that changed. */
export const LIVE_TRIGGERS: readonly DatabaseTrigger[] = (['insert', 'update', 'delete'] as const).flatMap((op) => [
  {
    name: `responses_live_${op}`,
    on: 'responses',
    fn: 'palaute_live_responses_changed',
    feeds: 'NOTIFY palaute_live',
    why: WHY,
  },
  {
    name: `answers_live_${op}`,
    on: 'answers',
    fn: 'palaute_live_answers_changed',
    feeds: 'NOTIFY palaute_live',
    why: WHY,
  },
]);
