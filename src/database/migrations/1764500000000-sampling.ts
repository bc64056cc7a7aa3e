import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sampling: a campaign surveys a stable share of its eligible events. */
export class Sampling1764500000000 implements MigrationInterface {
  name = 'Sampling1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE campaigns ADD COLUMN sample_percent numeric NOT NULL DEFAULT 100 CHECK (sample_percent BETWEEN 0 AND 100)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP COLUMN sample_percent`);
  }
}
