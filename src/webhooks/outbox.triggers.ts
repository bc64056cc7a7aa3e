import type { DatabaseTrigger } from '../database/database-trigger';

const WHY =
  'an invitation or opt-out change becomes a webhook exactly when it commits, whichever path made it; written only when an endpoint subscribes';

/**
 * The webhook outbox: invitation status changes and contact opt-outs enter `webhook_outbox` and
 * NOTIFY `palaute_webhooks`, which wakes the relay that turns them into signed deliveries.
 */
export const OUTBOX_TRIGGERS: readonly DatabaseTrigger[] = [
  {
    name: 'invitations_webhooks',
    on: 'invitations',
    fn: 'palaute_webhooks_invitations_changed',
    feeds: 'webhook_outbox, NOTIFY palaute_webhooks',
    why: WHY,
  },
  {
    name: 'contacts_webhooks',
    on: 'contacts',
    fn: 'palaute_webhooks_contacts_changed',
    feeds: 'webhook_outbox, NOTIFY palaute_webhooks',
    why: WHY,
  },
];
