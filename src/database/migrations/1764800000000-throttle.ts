import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-campaign caps per hour and per day, counted atomically across processes. */
export class Throttle1764800000000 implements MigrationInterface {
  name = 'Throttle1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns ADD COLUMN caps jsonb;
      -- Invitations scheduled per campaign per local hour and day (window = its start), and the
      -- excess deferred or dropped per day: a conditional increment keeps any number of writers under the cap.
      CREATE TABLE campaign_send_counts (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('hour', 'day', 'deferred', 'dropped')),
        window_start timestamptz NOT NULL,
        n int NOT NULL,
        PRIMARY KEY (campaign_id, kind, window_start)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_send_counts; ALTER TABLE campaigns DROP COLUMN caps;`);
  }
}
