import { MigrationInterface, QueryRunner } from 'typeorm';

/** Quiet hours: per-channel sending windows and public holidays on campaigns. */
export class SendingWindows1764400000000 implements MigrationInterface {
  name = 'SendingWindows1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE campaigns ADD COLUMN sending_windows jsonb NOT NULL DEFAULT '{}', ADD COLUMN holidays jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP COLUMN sending_windows, DROP COLUMN holidays`);
  }
}
