import { Client } from 'pg';

import { ALERTS_LIVE_TRIGGERS } from '../../src/alerts/alerts-live.triggers';
import { FOLLOW_UP_TRIGGERS } from '../../src/alerts/follow-up.triggers';
import { LIVE_TRIGGERS } from '../../src/scoring/live/live.triggers';
import { ROLLUP_TRIGGERS } from '../../src/scoring/rollups/rollup.triggers';
import { OUTBOX_TRIGGERS } from '../../src/webhooks/outbox.triggers';
import { createTestDatabase } from '../support/databases';

/**
 * The business steps that run inside Postgres are declared in the modules that own their
 * reactions; the migrated database must hold exactly those triggers, on those tables, running
 * those functions, so docs/architecture.md and the code cannot drift from the schema.
 */
describe('database triggers', () => {
  it('are exactly the ones the owning modules declare', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; on: string; fn: string }>(
        `SELECT tgname AS name, tgrelid::regclass::text AS on, tgfoid::regproc::text AS fn
         FROM pg_trigger WHERE NOT tgisinternal`,
      );
      const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
      const declared = [
        ...ROLLUP_TRIGGERS,
        ...LIVE_TRIGGERS,
        ...FOLLOW_UP_TRIGGERS,
        ...ALERTS_LIVE_TRIGGERS,
        ...OUTBOX_TRIGGERS,
      ]
        .map(({ name, on, fn }) => ({ name, on, fn }))
        .sort(byName);
      expect(rows.sort(byName)).toEqual(declared);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
