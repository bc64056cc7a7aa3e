import type { DatabaseTrigger } from '../database/database-trigger';

const WHY =
  'the inbox hears of an alert raised by the follow-up worker or acted on by any API process, once the change commits';

/** The inbox stream: alerts raised, and alerts whose status or assignee changed, NOTIFY `palaute_live`. */
export const ALERTS_LIVE_TRIGGERS: readonly DatabaseTrigger[] = (['insert', 'update'] as const).map((op) => ({
  name: `alerts_live_${op}`,
  on: 'alerts',
  fn: 'palaute_live_alerts_changed',
  feeds: 'NOTIFY palaute_live',
  why: WHY,
}));
