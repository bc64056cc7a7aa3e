import type { DatabaseTrigger } from '../../database/database-trigger';

const DELTAS =
  'exactly-once counts: a delta is written in the same transaction as the answer, response or invitation change, whichever path made it';
const SNAPSHOT =
  'the dimensions a row is counted under are fixed when it is written, so later counts (sent, erased) land under the same keys even when the contact is gone';

/**
 * Scoring's rollups: every change that moves a count writes a delta to `rollup_deltas`, which
 * the `scoring.fold-rollups` job folds into `score_rollups`.
 */
export const ROLLUP_TRIGGERS: readonly DatabaseTrigger[] = [
  {
    name: 'responses_snapshot',
    on: 'responses',
    fn: 'palaute_response_snapshot',
    feeds: 'responses (survey, language, event type, dims, invitation_sent_at)',
    why: SNAPSHOT,
  },
  {
    name: 'invitations_snapshot',
    on: 'invitations',
    fn: 'palaute_invitation_snapshot',
    feeds: 'invitations (dims)',
    why: SNAPSHOT,
  },
  { name: 'answers_rollup', on: 'answers', fn: 'palaute_answer_changed', feeds: 'rollup_deltas', why: DELTAS },
  {
    name: 'responses_rollup_insert',
    on: 'responses',
    fn: 'palaute_response_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
  {
    name: 'responses_rollup_late',
    on: 'responses',
    fn: 'palaute_response_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
  {
    name: 'responses_rollup_delete',
    on: 'responses',
    fn: 'palaute_response_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
  {
    name: 'invitations_rollup',
    on: 'invitations',
    fn: 'palaute_invitation_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
  {
    name: 'invitations_rollup_insert',
    on: 'invitations',
    fn: 'palaute_invitation_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
  {
    name: 'invitations_rollup_delete',
    on: 'invitations',
    fn: 'palaute_invitation_changed',
    feeds: 'rollup_deltas',
    why: DELTAS,
  },
];
