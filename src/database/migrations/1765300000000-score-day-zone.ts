import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workspace's reporting zone: the zone its day rollups are cut in. A breakdown by team in weeks
 * or months reads whole days from the day rollups and only the ragged rest from the answers; with
 * UTC days, every period boundary of a Helsinki (or Kolkata) report splits a day, and 52 split
 * days a year were read raw. Cut in the zone the CX team reports in, they fit its periods exactly.
 */
export class ScoreDayZone1765300000000 implements MigrationInterface {
  name = 'ScoreDayZone1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE score_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        day_zone text NOT NULL DEFAULT 'UTC',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE score_settings`);
  }
}
