import { MigrationInterface, QueryRunner } from 'typeorm';

/** Relationship campaigns: a cron schedule in a zone over an audience of contacts, sends spread over a window. */
export class Relationship1765000000000 implements MigrationInterface {
  name = 'Relationship1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns ADD COLUMN schedule jsonb, ADD COLUMN audience jsonb, ADD COLUMN spread_ms bigint, ADD COLUMN next_run_at timestamptz;
      CREATE INDEX campaigns_due ON campaigns (next_run_at) WHERE schedule IS NOT NULL AND status = 'active';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX campaigns_due; ALTER TABLE campaigns DROP COLUMN schedule, DROP COLUMN audience, DROP COLUMN spread_ms, DROP COLUMN next_run_at;`,
    );
  }
}
