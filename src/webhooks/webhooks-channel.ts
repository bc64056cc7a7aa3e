/** The Postgres channel that wakes the dispatchers when deliveries are emitted (delivered on commit). */
export const WEBHOOKS_CHANNEL = 'palaute_webhooks';
