import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name a workspace's surveys go out under (emails, SMS, the IVR, the survey page). Existing
 * workspaces keep NULL, so they go on saying COMPANY_NAME as before.
 */
export class DisplayName1765500000000 implements MigrationInterface {
  name = 'DisplayName1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE workspaces ADD COLUMN display_name text CHECK (char_length(display_name) BETWEEN 1 AND 100);`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces DROP COLUMN display_name;`);
  }
}
