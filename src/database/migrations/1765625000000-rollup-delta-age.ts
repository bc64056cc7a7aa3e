import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each rollup delta was written, so the fold's lag (the age of the oldest delta not yet
 * folded) can be reported. now() is not volatile, so adding the column rewrites no row, and the
 * triggers that insert deltas stay as they are (they name their columns; the default fills this one).
 */
export class RollupDeltaAge1765625000000 implements MigrationInterface {
  name = 'RollupDeltaAge1765625000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rollup_deltas ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rollup_deltas DROP COLUMN created_at;`);
  }
}
